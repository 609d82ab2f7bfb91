"""Unit restructuring (治理单元优化): the unit list, grids, each district's plan, city indicators."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Table, _c, _district, _count, _add, DEMO_FLAG, SRC_DISTRICTS, SRC_CITY, SRC_DISTRICTS_EN, SRC_CITY_EN

_add(Table(
    "units", "report", "治理单元名录", "governance units", ("unit_code",),
    (
        _c("unit_code", "str", "单位代码", "unit code", "",
           "街道沿用区划代码（拆分前国家统计局 2023，拆分后民政部 2025）；社区、村沿用 12 位代码",
           definition_en="Streets keep their division codes (before the split the National Bureau of Statistics' 2023 "
                         "codes, after it the Ministry of Civil Affairs' 2025 codes); communities and villages keep "
                         "their 12-digit codes"),
        _c("unit_name", "str", "单位名称", "unit name", "", "全称", definition_en="Full name"),
        _c("unit_level", "str", "层级", "level", "",
           "street 街道；town 镇、乡及类似乡级单位；community 社区（居委会）；village 行政村",
           choices=("street", "town", "community", "village"),
           choice_labels=(("street", "街道", "street"), ("town", "镇（乡）", "town"), ("community", "社区", "community"), ("village", "行政村", "village")),
           definition_en="street: street (sub-district office); town: town, township or township-level equivalent; "
                         "community: community (residents' committee); village: administrative village"),
        _c("parent_code", "str", "上级单位代码", "parent code", "",
           "街道、镇的上级为旗县区；社区、村的上级为街道或镇",
           definition_en="The parent of a street or town is its district; of a community or village, its street or "
                         "town"),
        _district(),
        _c("status", "str", "状态", "status", "", "active 已设立；planned 规划拟设（尚未批复）",
           choices=("active", "planned"),
           choice_labels=(("active", "已设立", "in place"), ("planned", "规划拟设", "planned")),
           definition_en="active: in place; planned: planned, not yet approved"),
        _c("has_affairs_list", "bool", "一村（社区）一清单", "has its own affairs list", "",
           "已按指导目录编制本村（社区）事项清单",
           definition_en="Has drawn up its own village (community) affairs list following the guidance catalogue"),
        DEMO_FLAG,
    ),
    "全市街道、镇、社区、行政村的当周名录；街道拆分批复后按新名录报送。",
    SRC_DISTRICTS, "restructuring",
    coverage="districts",
    counted=('单位', 'units', '个'),
    definition_en="The week's list of the city's streets, towns, communities and administrative villages; once a "
                  "street split is approved, reports follow the new list.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "grids", "report", "网格", "grids", ("grid_code",),
    (
        _c("grid_code", "str", "网格编码", "grid code", "", "社区代码 + 3 位序号（示例编码）",
           definition_en="Community code + 3-digit serial number (demo coding)"),
        _c("community_code", "str", "所属社区代码", "community code", "", "网格所在社区", ref="unit",
           definition_en="The community the grid lies in"),
        _district(),
        _count("compounds", "覆盖小区数", "residential compounds", "个", "网格覆盖的小区数，以小区为单位划分", max=50,
               definition_en="Residential compounds the grid covers; grids are drawn by compound"),
    ),
    "以小区为单位细化设置的网格，每行一个网格。", SRC_DISTRICTS, "restructuring",
    coverage="previous",
    counted=('网格', 'grids', '个'),
    definition_en="Grids drawn more finely, with the residential compound as the unit; one row per grid.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "district_restructuring", "report", "各区治理单元汇总", "restructuring by district",
    ("district_code",),
    (
        _district(),
        _c("plan_status", "str", "优化调整方案状态", "plan status", "",
           "none 无需调整；drafting 编制中；submitted 已上报待批；approved 已获批复",
           choices=("none", "drafting", "submitted", "approved"),
           choice_labels=(("none", "无需调整", "no change needed"), ("drafting", "编制中", "drafting"), ("submitted", "已上报待批", "submitted"), ("approved", "已获批复", "approved")),
           definition_en="none: no change needed; drafting: being drawn up; submitted: submitted, awaiting approval; "
                         "approved: approved"),
        _c("plan_approved_on", "date", "方案批复日期", "plan approved on", "", "方案获批复日期", nullable=True,
           definition_en="Date the plan was approved"),
        _count("streets_before", "街道数（调整前）", "streets before", "个", "2023 年区划代码中的街道办事处数", max=100,
               definition_en="Street offices in the 2023 division codes"),
        _count("streets_planned", "街道数（规划）", "streets planned", "个", "优化调整方案拟设街道办事处数", max=100,
               definition_en="Street offices proposed by the restructuring plan"),
        _count("streets_now", "街道数（当前）", "streets now", "个", "当周已设立的街道办事处数", max=100,
               definition_en="Street offices in place in the week"),
        # These three must equal the counts of the units and grids reports (validate.check_totals),
        # which catches any mistyped digit; the bounds only need to admit the 100× benchmark world.
        _count("communities", "社区数", "communities", "个", "当周社区（居委会）数", max=100_000,
               definition_en="Communities (residents' committees) in the week"),
        _count("villages", "行政村数", "villages", "个", "当周行政村数", max=100_000,
               definition_en="Administrative villages in the week"),
        _count("grids", "网格数", "grids", "个", "当周网格数", max=2_000_000, definition_en="Grids in the week"),
        _count("posts_moved_down", "下沉人员编制", "posts moved down", "名",
               "撤销市城市管理综合行政执法支队后下沉至本区的人员编制", max=5_000,
               definition_en="Staff posts moved down to this district after the municipal comprehensive "
                             "urban-management enforcement detachment was abolished"),
    ),
    "各旗县区报送的汇总数，须与名录、网格明细一致。", SRC_DISTRICTS, "restructuring",
    coverage="districts",
    history=True,
    definition_en="Totals reported by each district; they must agree with the unit list and the grid detail.",
    source_en=SRC_DISTRICTS_EN,
))
CITY_INDICATORS = {
    # code: (zh, en, unit)
    "enforcement_items_before": ("基层行政执法权力事项（调整前）", "enforcement items (before)", "项"),
    "enforcement_items_after": ("基层行政执法权力事项（调整后）", "enforcement items (after)", "项"),
    "guidance_catalogs": ("指导目录（清单）", "guidance catalogues", "个"),
    "community_affairs_before": ("社区事务（精简前）", "community affairs (before)", "项"),
    "community_affairs_after": ("社区事务（精简后）", "community affairs (after)", "项"),
    "village_affairs_before": ("村级事务（精简前）", "village affairs (before)", "项"),
    "village_affairs_after": ("村级事务（精简后）", "village affairs (after)", "项"),
}
_add(Table(
    "city_indicators", "report", "市级指标", "city-level indicators", ("indicator_code",),
    (
        _c("indicator_code", "str", "指标代码", "indicator code", "", "市级指标目录中的代码",
           choices=tuple(CITY_INDICATORS),
           definition_en="Code in the catalogue of city-level indicators"),
        _c("value", "float", "数值", "value", "", "当周数值，单位见指标目录", min=0, max=100_000,
           definition_en="The week's value; for its unit see the indicator catalogue"),
    ),
    "只在市级统计、没有分区口径的指标（执法事项、事务清单、指导目录）。", SRC_CITY, "restructuring",
    coverage="codes",
    history=True,
    definition_en="Indicators counted only at city level, with no district breakdown (enforcement items, affairs "
                  "lists, guidance catalogues).",
    source_en=SRC_CITY_EN,
))
