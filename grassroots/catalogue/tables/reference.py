"""The reference tables: shipped under data/ref/ and copied into every snapshot."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Table, _c, _district, _count, _add, DEMO_FLAG

_add(Table(
    "districts", "reference", "旗县区", "county-level units", ("district_code",),
    (
        _c("district_code", "str", "旗县区代码", "district code", "", "国家统计局 2023 年统计用区划代码",
           definition_en="The National Bureau of Statistics' 2023 statistical division code"),
        _c("district_name", "str", "旗县区", "district", "", "旗县区名称", definition_en="Name of the district"),
        _c("district_name_en", "str", "旗县区（英文）", "district (English)", "", "名称拼写",
           definition_en="Spelling of the name"),
        _c("unit_type", "str", "类型", "type", "", "市辖区 / 县 / 旗 / 类似县级单位（开发区）",
           definition_en="Urban district / county / banner / county-level equivalent (development zone)"),
        _c("district_short", "str", "简称", "short name", "", "图表中使用的通行简称",
           definition_en="The common short name used in charts"),
        _c("district_short_en", "str", "简称（英文）", "short name (English)", "", "图表中使用的英文简称",
           definition_en="The English short name used in charts"),
        _count("display_order", "排序", "display order", "", "页面排序，城区在前",
               definition_en="Order on the pages, urban districts first"),
    ),
    "呼和浩特市 10 个县级单位（含经济技术开发区）", "国家统计局《2023年统计用区划代码》",
    "divisions",
    definition_en="The 10 county-level units of Hohhot (the economic and technological development zone included)",
    source_en="National Bureau of Statistics, 2023 Statistical Division Codes",
))
_add(Table(
    "street_crosswalk", "reference", "街道拆分对照", "street split crosswalk",
    ("new_street_code",),
    (
        _c("old_street_code", "str", "原街道代码", "old street code", "", "国家统计局 2023 年街道代码",
           definition_en="National Bureau of Statistics 2023 street code"),
        _c("old_street_name", "str", "2023 年街道", "street in 2023", "", "拆分前街道名称",
           definition_en="Name of the street before the split"),
        _c("new_street_code", "str", "现街道代码", "new street code", "", "民政部 2025-12-31 区划代码",
           definition_en="Ministry of Civil Affairs division code as of 2025-12-31"),
        _c("new_street_name", "str", "当前街道", "current street", "", "拆分后街道名称",
           definition_en="Name of the street after the split"),
        _district(),
        _c("relation", "str", "关系", "relation", "",
           "same 同名保留；renamed 更名；split 自原街道析出",
           choices=("same", "renamed", "split"),
           choice_labels=(("same", "同名保留", "unchanged"), ("renamed", "更名", "renamed"), ("split", "析出", "split off")),
           definition_en="same: name kept; renamed: renamed; split: split off from the old street"),
        DEMO_FLAG,
    ),
    "2023 年 31 个街道与当前 39 个街道的对照，用于跨拆分比较趋势；"
    "同名、更名关系来自两份真实名录，析出关系为示例推定。",
    "国家统计局 2023 与民政部 2025-12-31 名录对照", "divisions",
    definition_en="Crosswalk between the 31 streets of 2023 and the 39 streets now, to compare trends across the "
                  "split; the name-kept and renamed relations come from the two real lists, the split-off relations "
                  "are inferred for the demo.",
    source_en="National Bureau of Statistics 2023 list matched against the Ministry of Civil Affairs list of 2025-12-31",
))
_add(Table(
    "deliberation_brands", "reference", "议事协商品牌", "deliberation brands", ("brand_name",),
    (
        _c("brand_name", "str", "品牌", "brand", "", "村（居）民议事协商平台名称",
           definition_en="Name of the villagers' (residents') deliberation and consultation platform"),
        _c("brand_name_en", "str", "品牌（英文）", "brand (English)", "", "英文意译",
           definition_en="English translation of the meaning"),
        _c("unit_code", "str", "所在村（社区）代码", "village/community code", "", "品牌所在单位", ref="unit",
           definition_en="The village or community where the brand is"),
        _district(),
    ),
    "公开报道点名的议事协商品牌", "市委社会工作部供稿", "cogovernance",
    definition_en="Deliberation brands named in the published report",
    source_en="Supplied by the Municipal Social Work Department",
))

_add(Table(
    "published_figures", "reference", "公开报道数字", "published figures", ("id",),
    (
        _c("id", "str", "指标代码", "figure id", "", "与总览指标代码一致", definition_en="Same as the figure id on the overview"),
        _c("area", "str", "领域", "area", "", "所属改革领域", definition_en="The reform area it belongs to"),
        _c("indicator_zh", "str", "指标", "indicator (Chinese)", "", "报道中的表述",
           definition_en="The wording in the report"),
        _c("indicator_en", "str", "指标（英文）", "indicator", "", "英文译名", definition_en="English name"),
        _c("value", "float", "报道数值", "published value", "", "报道中的数字", definition_en="The number in the report"),
        _c("unit", "str", "单位", "unit", "", "报道中的单位", definition_en="The unit in the report"),
        _c("note", "str", "备注", "note", "", "说明", nullable=True, definition_en="Explanation"),
    ),
    "市委社会工作部公开报道《聚焦“减负赋能” 破解治理难题》中的全部数字，用于逐项核对。",
    "市委社会工作部供稿", "divisions",
    definition_en="Every number in the Municipal Social Work Department's published report \"Focusing on 'Reducing "
                  "Burdens and Empowering' to Solve Governance Problems\", for checking one by one.",
    source_en="Supplied by the Municipal Social Work Department",
))
