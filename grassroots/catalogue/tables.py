"""The one description of every table: columns, types, Chinese/English labels, units, 口径, rules.

The refresh validates reports against it, the demo generator writes reports from it, the
query tests and the pages read labels from it. Column names stay English snake_case; what a
person sees comes from `zh` / `en` here.

Table kinds:
- ``report``: one weekly report kind, a full statement of the current state, replacing last week's.
- ``event``: one weekly report kind holding only the events of the week (dated inside it);
  the snapshot accumulates them on top of the previous snapshot's.
- ``reference``: shipped with the project under ``data/ref/`` and copied into every snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grassroots.catalogue import units

SCHEMA_VERSION = 1

DEMO_INVENTED_NOTE = "示例数据中虚构的单位（真实区划之外补足到公开数字）"
DEMO_INVENTED_NOTE_EN = "A unit invented in the demo data (added beyond the real divisions to reach the published figures)"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # str | int | float | date | bool
    zh: str
    en: str
    unit: str = ""
    definition: str = ""  # 口径
    nullable: bool = False
    min: float | None = None
    max: float | None = None  # plausibility bound: above it a value is a typing mistake
    choices: tuple[str, ...] = ()
    ref: str | None = None  # district | unit | point | team: must exist
    future_ok: bool = False  # a date that may lie after the as-of date (a deadline)
    people: bool = False  # counts persons: cells below 5 are suppressed in exploration
    choice_labels: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en) of each allowed value
    definition_en: str = ""  # the 口径 in English (catalogue/cards.py shows the Chinese where it is missing)

    @property
    def unit_en(self) -> str:
        return units.english(self.unit)

    def choice_label(self, value, lang: str = "zh") -> str:
        for v, zh, en in self.choice_labels:
            if v == value:
                return en if lang == "en" else zh
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    name: str
    kind: str  # report | event | reference
    zh: str
    en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    definition: str
    source: str
    area: str  # restructuring | burden | workforce | cogovernance | divisions
    date_column: str | None = None  # event tables: the date that must fall inside the week
    # Who must appear in every weekly report of a state table (validate.check_coverage):
    # "districts" every district of the reference list; "previous" every district that was in
    # last week's report; "codes" every allowed value of the key column; None: no rule.
    coverage: str | None = None
    # Small state tables whose week-by-week history each snapshot carries (history/<name>.parquet):
    # trend charts and history exploration read one file instead of every snapshot's.
    history: bool = False
    counted: tuple[str, str, str] | None = None  # what one row is, to count rows: (zh, en, unit)
    extra: dict = field(default_factory=dict)
    definition_en: str = ""
    source_en: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name, dtype, zh, en, unit="", definition="", **kw) -> Column:
    return Column(name, dtype, zh, en, unit, definition, **kw)


def _district(definition="所属旗县区（12 位区划代码前 6 位）",
              definition_en="The district it belongs to (first 6 digits of the 12-digit division code)") -> Column:
    return _c("district_code", "str", "旗县区代码", "district code", "", definition, ref="district", definition_en=definition_en)


def _count(name, zh, en, unit, definition, max=1_000_000, **kw) -> Column:
    return _c(name, "int", zh, en, unit, definition, min=0, max=max, **kw)


DEMO_FLAG = _c("is_demo_invented", "bool", "示例虚构", "invented for the demo", "",
               DEMO_INVENTED_NOTE, definition_en=DEMO_INVENTED_NOTE_EN)

SRC_DISTRICTS = "各旗县区每周报送"
SRC_CITY = "市委社会工作部汇总"
SRC_DISTRICTS_EN = "Reported weekly by each district"
SRC_CITY_EN = "Compiled by the Municipal Social Work Department"

TABLES: dict[str, Table] = {}


def _add(t: Table) -> None:
    TABLES[t.name] = t


# ---------------------------------------------------------------- reference tables
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

# ---------------------------------------------------------------- restructuring
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

# ---------------------------------------------------------------- burden reduction
_add(Table(
    "task_book", "report", "“小马拉大车”整治任务书", "task book", ("task_id",),
    (
        _c("task_id", "str", "任务编号", "task id", "", "任务书中的编号", definition_en="Number in the task book"),
        _c("task_title", "str", "任务", "task", "", "任务名称", definition_en="Name of the task"),
        _c("lead_unit", "str", "牵头单位", "lead unit", "", "负责落实的市直单位",
           definition_en="The municipal department responsible for carrying it out"),
        _c("category", "str", "类别", "category", "", "任务所属方面",
           choices=("减负", "赋能", "队伍", "机制"),
           definition_en="The aspect of the work the task belongs to"),
        _c("status", "str", "进度", "status", "", "not_started 未启动；in_progress 推进中；done 已完成",
           choices=("not_started", "in_progress", "done"),
           choice_labels=(("not_started", "未启动", "not started"), ("in_progress", "推进中", "in progress"), ("done", "已完成", "done")),
           definition_en="not_started: not started; in_progress: under way; done: done"),
        _c("due_on", "date", "完成时限", "due on", "", "任务书规定的时限", future_ok=True,
           definition_en="Deadline set by the task book"),
        _c("completed_on", "date", "完成日期", "completed on", "", "已完成任务的完成日期", nullable=True,
           definition_en="Date a done task was completed"),
    ),
    "《集中整治基层治理“小马拉大车”突出问题任务书》逐项进度。", SRC_CITY, "burden",
    history=True,
    counted=('任务', 'tasks', '项'),
    definition_en="Progress, task by task, of the Task Book for the Concentrated Rectification of the Prominent "
                  "Problem of \"a Small Horse Pulling a Big Cart\" in Grassroots Governance.",
    source_en=SRC_CITY_EN,
))
_add(Table(
    "signage_cleanup", "report", "标识标牌清理", "signs and wall rules removed", ("district_code",),
    (
        _district(),
        _count("signs_removed", "清理标识标牌", "signs removed", "块", "累计清理的村（社区）标识标牌", max=50_000,
               definition_en="Village (community) signs and plaques removed to date"),
        _count("wall_rules_removed", "清理上墙制度", "wall rules removed", "面", "累计清理的上墙制度", max=50_000,
               definition_en="Rules posted on walls, removed to date"),
    ),
    "按《村（社区）综合服务设施标识标牌指导规范》累计清理数。", SRC_DISTRICTS, "burden",
    coverage="districts",
    history=True,
    definition_en="Cumulative numbers removed under the Guidelines on Signs and Plaques of Village (Community) "
                  "Comprehensive Service Facilities.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "observation_points", "report", "基层减负观察点", "observation points", ("point_id",),
    (
        _c("point_id", "str", "观察点编号", "point id", "", "OP + 两位序号", definition_en="OP + two-digit serial number"),
        _c("unit_code", "str", "村（社区）代码", "village/community code", "", "观察点所在村或社区", ref="unit",
           definition_en="The village or community where the observation point is"),
        _district(),
        _c("designated_on", "date", "确定日期", "designated on", "", "列为观察点的日期",
           definition_en="Date it was designated an observation point"),
    ),
    "选定的 20 个村（社区）基层减负观察点。", SRC_CITY, "burden",
    coverage="previous",
    definition_en="The 20 village (community) observation points selected for grassroots burden reduction.",
    source_en=SRC_CITY_EN,
))
_INDICATOR_DEF = "观察点本周新增，由观察点如实填报"
_INDICATOR_DEF_EN = "new at the observation point this week, reported truthfully by the point"
_add(Table(
    "observation_weekly", "event", "观察点周报", "observation points weekly", ("point_id", "week_ending"),
    (
        _c("point_id", "str", "观察点编号", "point id", "", "观察点", ref="point", definition_en="The observation point"),
        _c("week_ending", "date", "周末日期", "week ending", "", "本周最后一天（报送截止日）",
           definition_en="Last day of the week (the reporting deadline)"),
        _count("tasks_pushed_down", "下派任务", "tasks pushed down", "项", "上级部门本周下派的工作任务" + "，" + _INDICATOR_DEF, max=500,
               definition_en="Work tasks pushed down by higher-level departments this week" + ", " + _INDICATOR_DEF_EN),
        _count("forms_ledgers", "报表台账", "forms and ledgers", "份", "本周要求填报的报表、台账", max=500,
               definition_en="Forms and ledgers required to be filled in this week"),
        _count("certificates", "证明事项", "certificates", "件", "本周开具的证明", max=2_000,
               definition_en="Certificates issued this week"),
        _count("meetings", "会议", "meetings", "场", "本周参加的上级会议", max=200,
               definition_en="Meetings called by higher levels and attended this week"),
        _count("work_chat_groups", "政务工作群", "work chat groups", "个", "本周在用的政务工作群", max=500,
               definition_en="Government work chat groups in use this week"),
        _count("inspections", "督查检查考核", "inspections", "次", "本周接受的督查检查考核", max=200,
               definition_en="Supervisions, inspections and assessments undergone this week"),
    ),
    "观察点每周填报的负担指标；六项合计较上周上升超过 targets.toml 中设定的比例（[observation] rising_pct）即提示新增负担。", "观察点直报", "burden",
    date_column="week_ending",
    counted=('周报', 'weekly reports', '份'),
    definition_en="Burden indicators the observation points report every week; when the total of the six rises above "
                  "last week's by more than the share set in targets.toml ([observation] rising_pct), a new burden is "
                  "flagged.",
    source_en="Reported directly by the observation points",
))
NEGATIVE_CASE_CATEGORIES = ("乱挂牌", "乱摊派", "过度留痕", "随意借调", "多头考核")
_add(Table(
    "negative_cases", "event", "反面案例通报", "negative cases notified", ("case_id",),
    (
        _c("case_id", "str", "案例编号", "case id", "", "通报编号", definition_en="Number of the notice"),
        _c("notified_on", "date", "通报日期", "notified on", "", "通报提醒日期",
           definition_en="Date of the notice and reminder"),
        _district(),
        _c("unit_code", "str", "涉及村（社区）代码", "village/community code", "", "案例涉及的单位",
           nullable=True, ref="unit", definition_en="The unit the case concerns"),
        _c("point_id", "str", "相关观察点", "observation point", "", "由观察点发现时填写",
           nullable=True, ref="point",
           definition_en="Filled in when an observation point found the case"),
        _c("category", "str", "问题类别", "category", "", "案例所属问题", choices=NEGATIVE_CASE_CATEGORIES,
           definition_en="The problem the case concerns"),
    ),
    "已通报提醒的增加基层负担反面案例。", SRC_CITY, "burden", date_column="notified_on",
    counted=('案例', 'cases', '起'),
    definition_en="Negative cases of adding to the burden on the grassroots that have been notified with a reminder.",
    source_en=SRC_CITY_EN,
))

# ---------------------------------------------------------------- workforce
_add(Table(
    "recruitment", "report", "招录", "recruitment", ("district_code", "year", "channel"),
    (
        _district("使用地（所在旗县区）", "Where the recruits serve (their district)"),
        _c("year", "int", "年度", "year", "年", "招录年度", min=2015, max=2100, definition_en="Year of recruitment"),
        _c("channel", "str", "渠道", "channel", "",
           "graduate_exam 招考高校毕业生；masters_city_post 市编街用硕士研究生",
           choices=("graduate_exam", "masters_city_post"),
           choice_labels=(("graduate_exam", "招考高校毕业生", "graduates (exam)"), ("masters_city_post", "市编街用硕士研究生", "master's (city posts)")),
           definition_en="graduate_exam: university graduates recruited by examination; masters_city_post: master's "
                         "graduates on city posts used by streets"),
        _count("recruits", "人数", "recruits", "名", "当年该渠道进入社区工作的人数", max=5_000, people=True,
               definition_en="People who entered community work through the channel in the year"),
    ),
    "高校毕业生招考与“市编街用”专项人才，按年度、渠道；往年数据可被修订。", SRC_DISTRICTS, "workforce",
    coverage="previous",
    history=True,
    definition_en="University graduates recruited by examination and specialists on \"city posts used by streets\", by "
                  "year and channel; past years' figures may be revised.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "workforce", "report", "社区工作者队伍", "community workforce", ("district_code",),
    (
        _district(),
        _count("community_staff_total", "社区工作人员", "community staff", "人", "在社区工作的各类人员总数", max=50_000, people=True,
               definition_en="Total number of people of every kind working in communities"),
        _count("community_workers", "社区工作者", "community workers", "人", "纳入社区工作者管理的专职人员", max=20_000, people=True,
               definition_en="Full-time staff managed as community workers"),
        _count("urban_residents", "城镇常住人口", "urban residents", "人", "测算每万人社区工作者数的分母", max=5_000_000,
               definition_en="Denominator of community workers per 10,000 residents"),
        _count("recruited_workers", "市招区招社区工作者", "city/district-recruited workers", "人",
               "市招、区招社区工作者总数（进入两委占比的分母）", max=20_000, people=True,
               definition_en="Total community workers recruited by the city or a district (denominator of the share "
                             "on the two committees)"),
        _count("in_two_committees", "进入两委班子", "on the two committees", "人", "市招、区招社区工作者中进入社区“两委”的人数", max=20_000, people=True,
               definition_en="Community workers recruited by the city or a district who have joined a community's "
                             "\"two committees\""),
        _count("head_posts", "社区正职岗位", "head posts", "个", "社区党组织书记、居委会主任正职岗位数（正职占比的分母）", max=5_000,
               definition_en="Head posts of community party organisation secretary and residents' committee director "
                             "(denominator of the share serving as heads)"),
        _count("heads", "担任正职", "serving as heads", "人", "市招、区招社区工作者中担任正职的人数", max=5_000, people=True,
               definition_en="Community workers recruited by the city or a district who serve as heads"),
        _count("civil_servants_targeted", "定向考录公务员", "recruited as civil servants", "人", "面向村（社区）党组织书记定向考录公务员", max=1_000, people=True,
               definition_en="Civil servants recruited through examinations reserved for village (community) party "
                             "organisation secretaries"),
        _count("institution_staff_targeted", "定向考录事业人员", "recruited as institution staff", "人", "面向村（社区）党组织书记定向考录事业单位人员", max=1_000, people=True,
               definition_en="Public-institution staff recruited through examinations reserved for village "
                             "(community) party organisation secretaries"),
        _count("deputy_section_promotions", "提任副科级", "promoted to deputy section level", "人", "提任副科级领导岗位", max=1_000, people=True,
               definition_en="Promotions to leading posts at deputy section level"),
    ),
    "社区工作者队伍规模与成长路径，按旗县区。", SRC_DISTRICTS, "workforce",
    coverage="districts",
    history=True,
    definition_en="Size and career path of the community workforce, by district.",
    source_en=SRC_DISTRICTS_EN,
))

# ---------------------------------------------------------------- co-governance and volunteers
_add(Table(
    "service_sites", "report", "新就业群体服务", "services for new employment groups", ("district_code",),
    (
        _district(),
        _count("party_service_centres", "党群服务中心", "party-and-mass service centres", "处", "向新就业群体开放的党群服务中心", max=10_000,
               definition_en="Party-and-mass service centres open to new employment groups"),
        _count("red_bee_stations", "红蜂驿站", "Red Bee stations", "个", "为快递员、网约配送员设立的驿站", max=5_000,
               definition_en="Stations set up for couriers and online delivery riders"),
        _count("mobile_party_stations", "流动党员党支部服务站", "mobile party branch stations", "个", "流动党员党支部服务站", max=1_000,
               definition_en="Service stations of party branches for mobile party members"),
        _count("couriers_served", "服务快递员、网约配送员", "couriers and riders served", "名", "累计服务的快递员、网约配送员", max=200_000, people=True,
               definition_en="Couriers and online delivery riders served to date"),
        _count("new_employment_grid_members", "兼职网格员", "part-time grid members", "名", "新就业群体从业人员担任兼职网格员", max=50_000, people=True,
               definition_en="Workers from new employment groups serving as part-time grid members"),
    ),
    "服务快递员、网约配送员的阵地与兼职网格员，按旗县区。", SRC_DISTRICTS, "cogovernance",
    coverage="districts",
    history=True,
    definition_en="Sites serving couriers and online delivery riders, and part-time grid members, by district.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "volunteer_teams", "report", "志愿服务队伍", "volunteer teams", ("team_id",),
    (
        _c("team_id", "str", "队伍编号", "team id", "", "队伍编号", definition_en="Team number"),
        _c("team_name", "str", "队伍名称", "team name", "", "队伍名称（示例）", definition_en="Team name (demo)"),
        _c("team_kind", "str", "队伍类别", "team kind", "",
           "corps 巾帼志愿服务团；team 巾帼志愿服务队；legal_aid 法律援助志愿服务队",
           choices=("corps", "team", "legal_aid"),
           choice_labels=(("corps", "巾帼志愿服务团", "women's corps"), ("team", "巾帼志愿服务队", "women's team"), ("legal_aid", "法律援助志愿服务队", "legal-aid team")),
           definition_en="corps: women's volunteer corps; team: women's volunteer team; legal_aid: legal-aid "
                         "volunteer team"),
        _district(),
    ),
    "巾帼志愿服务团、队与法律援助志愿服务队。", SRC_DISTRICTS, "cogovernance",
    coverage="previous",
    definition_en="Women's volunteer corps and teams, and legal-aid volunteer teams.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "volunteer_sessions", "event", "公益志愿服务", "volunteer service sessions", ("session_id",),
    (
        _c("session_id", "str", "场次编号", "session id", "", "场次编号", definition_en="Session number"),
        _c("held_on", "date", "日期", "held on", "", "开展日期", definition_en="Date held"),
        _district(),
        _c("unit_code", "str", "社区代码", "community code", "", "开展服务的社区", nullable=True, ref="unit",
           definition_en="The community where the service was held"),
        _c("team_id", "str", "队伍编号", "team id", "", "开展服务的队伍", ref="team", definition_en="The team that held it"),
        _c("service_kind", "str", "服务对象", "served group", "", "一老、一幼、困难群体、其他",
           choices=("一老", "一幼", "困难群体", "其他"),
           definition_en="The elderly, young children, people in difficulty, other"),
        _count("participants", "参与志愿者", "volunteers taking part", "人次", "本场参与的志愿者人次", max=2_000, people=True,
               definition_en="Volunteer attendances at the session (person-times)"),
    ),
    "社区工作者协同巾帼志愿服务团、队开展的公益志愿服务，每行一场。", SRC_DISTRICTS, "cogovernance",
    date_column="held_on",
    counted=('服务', 'sessions', '场次'),
    definition_en="Volunteer service held by community workers together with the women's volunteer corps and teams; "
                  "one row per session.",
    source_en=SRC_DISTRICTS_EN,
))
_add(Table(
    "legal_aid_cases", "event", "法律援助志愿服务", "legal-aid services", ("case_id",),
    (
        _c("case_id", "str", "件次编号", "case id", "", "件次编号", definition_en="Service number"),
        _c("handled_on", "date", "日期", "handled on", "", "提供服务日期", definition_en="Date of the service"),
        _district(),
        _c("unit_code", "str", "社区代码", "community code", "", "服务所在社区", nullable=True, ref="unit",
           definition_en="The community where the service was given"),
        _c("team_id", "str", "队伍编号", "team id", "", "提供服务的法律援助志愿服务队", ref="team",
           definition_en="The legal-aid volunteer team that gave the service"),
        _c("case_type", "str", "事项类型", "case type", "", "劳动、婚姻家庭、邻里、消费、其他",
           choices=("劳动", "婚姻家庭", "邻里", "消费", "其他"),
           definition_en="Labour, marriage and family, neighbours, consumer, other"),
    ),
    "会同司法部门提供的法律援助志愿服务，每行一件次。", SRC_DISTRICTS, "cogovernance",
    date_column="handled_on",
    counted=('服务', 'services', '件次'),
    definition_en="Legal-aid volunteer services provided together with the justice authorities; one row per service.",
    source_en=SRC_DISTRICTS_EN,
))

REPORTS = [t for t in TABLES.values() if t.kind in ("report", "event")]
HISTORY = [t for t in TABLES.values() if t.history]
HISTORY_DIR = "history"  # inside each snapshot folder; also holds figures.parquet, the figures as published
REFERENCES = [t for t in TABLES.values() if t.kind == "reference"]

# Cross-report totals: district_restructuring column -> how the detail counts it.
# (the detail report, and what counts there: a kind of catalogue/definitions.py, or None for every row)
DISTRICT_TOTAL_CHECKS = {
    "streets_now": ("units", "street"),
    "communities": ("units", "community"),
    "villages": ("units", "village"),
    "grids": ("grids", None),
}

AREAS = {
    "restructuring": ("治理单元优化", "Unit restructuring"),
    "burden": ("减负", "Burden reduction"),
    "workforce": ("队伍建设", "Workforce pipeline"),
    "cogovernance": ("共治与志愿服务", "Co-governance and volunteers"),
    "divisions": ("区划", "Divisions"),
}


# Columns that queries compute rather than districts report: their labels live here, beside the
# reported ones, so every column a user sees has one Chinese and one English label (a test checks).
DERIVED: dict[str, Column] = {c.name: c for c in (
    _c("street_name", "str", "街道（镇）", "Street / town", "", "社区、村所属的街道或镇",
       definition_en="The street or town a community or village belongs to"),
    _c("place", "str", "所在地", "Place", "", "旗县区、街道（镇）与村（社区）",
       definition_en="District, street (town) and village (community)"),
    _c("week", "str", "周（截至周五）", "Week (ending Friday)", "", "日期所在周的周五；周六、周日计入下一周",
       definition_en="The Friday of the date's week; Saturdays and Sundays count in the next week"),
    _c("month", "str", "月份", "Month", "", "日期所在月份", definition_en="The month of the date"),
    _c("snapshot", "str", "快照期次", "Snapshot", "", "数据截至日期（每周五发布一期）",
       definition_en="The date the data run to (one snapshot is published every Friday)"),
    _c("burden_total", "int", "本周负担合计", "Burden this week", "项次", "观察点六项负担指标之和",
       definition_en="Sum of the observation point's six burden indicators"),
    _c("burden_change", "int", "较上周", "vs last week", "项次", "本周负担合计减上周负担合计",
       definition_en="This week's burden total minus last week's"),
    _c("total_rises", "bool", "提示", "Flag", "", "负担合计较上周上升超过 targets.toml 设定的比例",
       definition_en="The burden total rose above last week's by more than the share set in targets.toml"),
    _c("workers_per_10k", "float", "每万城镇人口社区工作者", "Workers per 10,000 urban residents", "名",
       "社区工作者 ÷ 城镇常住人口 × 10000，保留一位小数",
       definition_en="Community workers ÷ urban resident population × 10000, rounded to one decimal place"),
    _c("volunteer_sessions", "int", "公益志愿服务（场次）", "Volunteer sessions", "场次", "所选时段内开展的场次",
       definition_en="Sessions held in the chosen period"),
    _c("legal_aid_cases", "int", "法律援助（件次）", "Legal-aid services", "件次", "所选时段内提供的件次",
       definition_en="Services provided in the chosen period"),
    _c("civil_and_institution", "int", "定向考录公务员、事业人员", "Civil servants & institution staff", "人",
       "面向村（社区）党组织书记定向考录的公务员与事业单位人员之和",
       definition_en="Civil servants plus public-institution staff recruited through examinations reserved for "
                     "village (community) party organisation secretaries"),
    _c("snapshot_value", "float", "本期快照", "Snapshot", "", "本期快照计算的数值",
       definition_en="The value computed from this snapshot"),
    _c("matches", "bool", "一致", "Match", "", "本期快照数值与公开报道相同",
       definition_en="This snapshot's value equals the published one"),
    _c("table", "str", "数据表", "Table", "", "快照中的数据表", definition_en="A table in the snapshot"),
    _c("rows_old", "int", "原行数", "Rows before", "行", "较早一期的行数", definition_en="Rows in the earlier snapshot"),
    _c("rows_new", "int", "现行数", "Rows after", "行", "较新一期的行数", definition_en="Rows in the later snapshot"),
    _c("added", "int", "新增", "Added", "行", "较新一期才有的记录", definition_en="Records only in the later snapshot"),
    _c("removed", "int", "删除", "Removed", "行", "较新一期不再有的记录", definition_en="Records no longer in the later snapshot"),
    _c("changed", "int", "变化", "Changed", "行", "两期都有、数值不同的记录",
       definition_en="Records in both snapshots whose values differ"),
    _c("revised", "int", "修订", "Revised", "处", "同一单位、同一期间的数值被改动",
       definition_en="Values of the same unit and period that were changed"),
    _c("record", "str", "记录", "Record", "", "记录的主键", definition_en="The record's key"),
    _c("field", "str", "字段", "Field", "", "变化的字段", definition_en="The field that changed"),
    _c("old", "str", "原值", "Before", "", "较早一期的数值", definition_en="The value in the earlier snapshot"),
    _c("new", "str", "新值", "After", "", "较新一期的数值", definition_en="The value in the later snapshot"),
)}


def label(item, lang: str = "zh", heading: bool = False) -> str:
    """A table's, column's, figure's or area's name in the language (anything with zh and en);
    `heading` capitalises the English, for a column header or a widget's label."""
    text = item.en if lang == "en" else item.zh
    return text[:1].upper() + text[1:] if heading and lang == "en" else text


def column(name: str, table: str | None = None) -> Column:
    """The catalogue entry of a column a user sees: a reported column of `table`, or a derived one."""
    return TABLES[table].column(name) if table else DERIVED[name]
