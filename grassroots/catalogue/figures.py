"""The figure catalogue: every headline figure with its 口径 card, unit, target and status rule.

Values are never here: they are computed from the snapshot by queries/headline_figures.sql.
Targets and thresholds are read from targets.toml (versioned) beside this file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from grassroots.catalogue import units

TARGETS_FILE = Path(__file__).with_name("targets.toml")

Text = tuple[str, str]  # (Chinese, English)

# Who answers for each area, and where its numbers come from, unless a figure says otherwise.
AREA_DEFAULTS: dict[str, tuple[Text, Text]] = {
    "restructuring": (("市委社会工作部、市委编办、市民政局", "Social Work Department, Establishment Office, Civil Affairs Bureau"),
                      ("各旗县区治理单元名录与汇总表（units、grids、district_restructuring）",
                       "the districts' unit lists and summaries (units, grids, district_restructuring)")),
    "burden": (("市委社会工作部、市委组织部", "Social Work Department, Organisation Department"),
               ("任务书、事项清单、观察点周报与通报（task_book、city_indicators、observation_*、negative_cases）",
                "the task book, affairs lists, observation reports and notices "
                "(task_book, city_indicators, observation_*, negative_cases)")),
    "workforce": (("市委社会工作部、市人力资源和社会保障局", "Social Work Department, Human Resources and Social Security Bureau"),
                  ("各旗县区队伍报表（recruitment、workforce）", "the districts' workforce reports (recruitment, workforce)")),
    "cogovernance": (("市委社会工作部、市妇联、市司法局", "Social Work Department, Women's Federation, Justice Bureau"),
                     ("各旗县区服务阵地与志愿服务报表（service_sites、volunteer_*、legal_aid_cases）",
                      "the districts' service-site and volunteering reports (service_sites, volunteer_*, legal_aid_cases)")),
}
WEEKLY: Text = ("每周", "Weekly")
FIXED: Text = ("固定基数", "Fixed baseline")
CITY_TABLE: Text = ("市级指标表（city_indicators）", "city indicators (city_indicators)")


@dataclass(frozen=True)
class Figure:
    id: str
    area: str
    zh: str
    en: str
    unit_zh: str  # its English is derived (catalogue/units.py)
    meaning: str  # 业务含义
    rule: str  # 计算规则
    frequency: Text = WEEKLY  # 更新频率
    owner: Text | None = None  # 责任部门 (default: the area's)
    source: Text | None = None  # 数据来源 (default: the area's)
    meaning_en: str = ""
    rule_en: str = ""

    @property
    def unit_en(self) -> str:
        return units.english(self.unit_zh)


def _f(id, area, zh, en, unit_zh, meaning, rule, *, frequency: str = "每周", source: str | None = None,
       meaning_en: str = "", rule_en: str = "") -> Figure:
    return Figure(id, area, zh, en, unit_zh, meaning, rule, FIXED if frequency == FIXED[0] else WEEKLY, None,
                  CITY_TABLE if source == CITY_TABLE[0] else None, meaning_en, rule_en)


_LIST = [
    # ---------------------------------------------------------------- restructuring
    _f("streets_now", "restructuring", "街道办事处", "Street offices", "个", "当前已设立的街道办事处，反映拆分超大街道的进度",
       "治理单元名录中层级为街道、状态为已设立的单位数",
       meaning_en="Street offices (sub-district offices) set up to date; shows the progress of splitting oversized "
                  "streets",
       rule_en="Number of units in the governance-unit list whose level is street and whose status is in place"),
    _f("streets_baseline", "restructuring", "街道办事处（调整前）", "Street offices before", "个", "拆分前的街道办事处",
       "各区 2023 年区划代码中的街道数之和", frequency="固定基数",
       meaning_en="Street offices before the split",
       rule_en="Sum over the districts of the streets in the 2023 division codes"),
    _f("streets_target", "restructuring", "街道办事处（规划）", "Street offices planned", "个", "优化调整方案拟设的街道总数",
       "各区方案拟设街道数之和",
       meaning_en="Total number of streets proposed by the restructuring plans",
       rule_en="Sum over the districts of the streets their plans propose"),
    _f("districts_plan_approved", "restructuring", "方案已批复的区", "Districts with approved plans", "个", "街道优化调整方案已获批复的旗县区",
       "汇总表中方案状态为已批复的旗县区数",
       meaning_en="Districts whose plan for restructuring their streets has been approved",
       rule_en="Number of districts whose plan status in the district summary is approved"),
    _f("communities", "restructuring", "社区", "Communities", "个", "按人口、资源、服务相匹配原则优化布局后的社区",
       "治理单元名录中层级为社区的单位数",
       meaning_en="Communities after their layout was optimised on the principle of matching population, resources "
                  "and services",
       rule_en="Number of units in the governance-unit list whose level is community"),
    _f("grids", "restructuring", "网格", "Grids", "个", "以小区为单位细化设置的网格", "网格明细表行数",
       meaning_en="Grids drawn more finely, with the residential compound as the unit",
       rule_en="Number of rows in the grid detail table"),
    _f("enforcement_items_before", "restructuring", "基层执法事项（调整前）", "Enforcement items before", "项",
       "机构改革前基层行政执法权力事项", "市级指标表报送值", frequency="固定基数", source="市级指标表（city_indicators）",
       meaning_en="Administrative enforcement powers exercised at the grassroots before the institutional reform",
       rule_en="Value reported in the city-level indicators"),
    _f("enforcement_items_after", "restructuring", "基层执法事项", "Enforcement items", "项",
       "机构改革后基层行政执法权力事项，由 99 项调整而来", "市级指标表报送值", source="市级指标表（city_indicators）",
       meaning_en="Administrative enforcement powers exercised at the grassroots after the institutional reform, "
                  "adjusted from 99 items",
       rule_en="Value reported in the city-level indicators"),
    _f("staff_posts_moved_down", "restructuring", "下沉人员编制", "Posts moved down", "名",
       "撤销市城市管理综合行政执法支队后下沉至市辖区的人员编制", "各区下沉编制数之和",
       meaning_en="Staff posts moved down to the city's urban districts after the municipal comprehensive "
                  "urban-management enforcement detachment was abolished",
       rule_en="Sum over the districts of the posts moved down"),
    # ---------------------------------------------------------------- burden
    _f("task_book_done", "burden", "任务书已完成任务", "Task-book tasks done", "项", "《任务书》细化任务中已完成的任务",
       "任务书中进度为已完成的任务数",
       meaning_en="Tasks of the Task Book's detailed list that are done",
       rule_en="Number of tasks in the task book whose status is done"),
    _f("task_book_tasks", "burden", "任务书任务", "Task-book tasks", "项", "《任务书》细化的任务总数", "任务书行数",
       meaning_en="Total number of detailed tasks in the Task Book",
       rule_en="Number of rows in the task book"),
    _f("task_book_units", "burden", "协同落实单位", "Units on the task book", "家", "统筹协同落实任务书的单位", "任务书中不同牵头单位数",
       meaning_en="Units coordinated to carry out the task book together",
       rule_en="Number of distinct lead units in the task book"),
    _f("guidance_catalogs", "burden", "指导目录（清单）", "Guidance catalogues", "个", "第二轮事项梳理编制的指导目录、清单",
       "市级指标表报送值", source="市级指标表（city_indicators）",
       meaning_en="Guidance catalogues and lists compiled in the second round of reviewing affairs",
       rule_en="Value reported in the city-level indicators"),
    _f("community_affairs_after", "burden", "社区事务", "Community affairs", "项", "社区依法履职事项，第二轮梳理后",
       "市级指标表报送值；精简比例 =（精简前 − 精简后）÷ 精简前", source="市级指标表（city_indicators）",
       meaning_en="Affairs communities perform under the law, after the second review round",
       rule_en="Value reported in the city-level indicators; reduction = (before − after) ÷ before"),
    _f("community_affairs_before", "burden", "社区事务（精简前）", "Community affairs before", "项", "第二轮梳理前的社区事务",
       "市级指标表报送值", frequency="固定基数", source="市级指标表（city_indicators）",
       meaning_en="Community affairs before the second review round",
       rule_en="Value reported in the city-level indicators"),
    _f("community_affairs_reduction_pct", "burden", "社区事务精简比例", "Community affairs cut", "%", "社区事务精简幅度",
       "（精简前 − 精简后）÷ 精简前 × 100，保留一位小数", source="市级指标表（city_indicators）",
       meaning_en="How far community affairs were cut",
       rule_en="(before − after) ÷ before × 100, rounded to one decimal place"),
    _f("village_affairs_after", "burden", "村级事务", "Village affairs", "项", "村级事务，第二轮梳理后",
       "市级指标表报送值", source="市级指标表（city_indicators）",
       meaning_en="Village-level affairs, after the second review round",
       rule_en="Value reported in the city-level indicators"),
    _f("village_affairs_before", "burden", "村级事务（精简前）", "Village affairs before", "项", "第二轮梳理前的村级事务",
       "市级指标表报送值", frequency="固定基数", source="市级指标表（city_indicators）",
       meaning_en="Village-level affairs before the second review round",
       rule_en="Value reported in the city-level indicators"),
    _f("village_affairs_reduction_pct", "burden", "村级事务精简比例", "Village affairs cut", "%", "村级事务精简幅度",
       "（精简前 − 精简后）÷ 精简前 × 100，保留一位小数", source="市级指标表（city_indicators）",
       meaning_en="How far village-level affairs were cut",
       rule_en="(before − after) ÷ before × 100, rounded to one decimal place"),
    _f("villages_with_list", "burden", "一村一清单", "Villages with a list", "个", "已编制本村事项清单的行政村",
       "名录中层级为行政村且已编制清单的单位数",
       meaning_en="Administrative villages that have drawn up their own affairs list",
       rule_en="Number of units in the unit list whose level is administrative village and that have drawn up their "
               "list"),
    _f("communities_with_list", "burden", "一社区一清单", "Communities with a list", "个", "已编制本社区事项清单的社区",
       "名录中层级为社区且已编制清单的单位数",
       meaning_en="Communities that have drawn up their own affairs list",
       rule_en="Number of units in the unit list whose level is community and that have drawn up their list"),
    _f("signs_removed", "burden", "清理标识标牌", "Signs removed", "块", "整治“滥挂牌”累计清理的标识标牌", "各区累计清理数之和",
       meaning_en="Signs and plaques removed to date in the campaign against indiscriminate plaque-hanging",
       rule_en="Sum over the districts of the cumulative numbers removed"),
    _f("wall_rules_removed", "burden", "清理上墙制度", "Wall rules removed", "面", "累计清理的上墙制度", "各区累计清理数之和",
       meaning_en="Rules posted on walls, removed to date",
       rule_en="Sum over the districts of the cumulative numbers removed"),
    _f("observation_points", "burden", "基层减负观察点", "Observation points", "个", "监测新增负担的村（社区）观察点", "观察点名录行数",
       meaning_en="Village (community) observation points that monitor new burdens",
       rule_en="Number of rows in the observation-point list"),
    _f("negative_cases_notified", "burden", "通报反面案例", "Negative cases notified", "起", "对增加基层负担行为的通报提醒",
       "通报表累计行数（每周新增累加）",
       meaning_en="Notices and reminders issued about conduct that adds to the burden on the grassroots",
       rule_en="Cumulative number of rows in the notice table (each week's new rows added up)"),
    # ---------------------------------------------------------------- workforce
    _f("graduates_recruited_4y", "workforce", "招考高校毕业生", "Graduates recruited", "名", "连续四年招考进入社区工作的高校毕业生",
       "招录表中渠道为招考高校毕业生的人数之和（各年度）",
       meaning_en="University graduates recruited by examination into community work in four consecutive years",
       rule_en="Sum of recruits in the recruitment table whose channel is graduates recruited by examination (all "
               "years)"),
    _f("masters_specialists", "workforce", "市编街用硕士", "Master's specialists", "名", "以“市编街用”方式引进的硕士研究生专项人才",
       "招录表中渠道为市编街用的人数之和",
       meaning_en="Master's-degree specialists brought in as \"city posts used by streets\"",
       rule_en="Sum of recruits in the recruitment table whose channel is city posts used by streets"),
    _f("community_staff_total", "workforce", "社区工作人员", "Community staff", "人", "在社区工作的各类人员", "各区社区工作人员之和",
       meaning_en="People of every kind working in communities",
       rule_en="Sum over the districts of community staff"),
    _f("community_workers", "workforce", "社区工作者", "Community workers", "人", "纳入社区工作者管理的专职人员", "各区社区工作者之和",
       meaning_en="Full-time staff managed as community workers",
       rule_en="Sum over the districts of community workers"),
    _f("workers_per_10k_urban", "workforce", "每万城镇人口社区工作者", "Workers per 10,000 urban residents", "名",
       "社区工作者配备水平", "社区工作者 ÷ 城镇常住人口 × 10000，保留一位小数",
       meaning_en="Staffing level of community workers",
       rule_en="Community workers ÷ urban resident population × 10000, rounded to one decimal place"),
    _f("workers_in_two_committees", "workforce", "进入“两委”", "On the two committees", "名", "市招、区招社区工作者中进入社区“两委”班子的人数",
       "各区之和；占比 = 进入两委人数 ÷ 市招区招社区工作者",
       meaning_en="Community workers recruited by the city or a district who have joined a community's \"two "
                  "committees\"",
       rule_en="Sum over the districts; share = number on the two committees ÷ community workers recruited by the "
               "city or a district"),
    _f("workers_two_committees_pct", "workforce", "进入“两委”占比", "Share on the two committees", "%", "进入“两委”的比例",
       "进入两委人数 ÷ 市招区招社区工作者 × 100，保留一位小数",
       meaning_en="Share on the \"two committees\"",
       rule_en="Number on the two committees ÷ community workers recruited by the city or a district × 100, rounded "
               "to one decimal place"),
    _f("workers_heads", "workforce", "担任正职", "Serving as heads", "名", "市招、区招社区工作者中担任正职的人数",
       "各区之和；占比 = 担任正职人数 ÷ 社区正职岗位数",
       meaning_en="Community workers recruited by the city or a district who serve as heads",
       rule_en="Sum over the districts; share = number serving as heads ÷ community head posts"),
    _f("workers_heads_pct", "workforce", "担任正职占比", "Share serving as heads", "%", "担任正职的比例",
       "担任正职人数 ÷ 社区正职岗位数 × 100，保留一位小数",
       meaning_en="Share serving as heads",
       rule_en="Number serving as heads ÷ community head posts × 100, rounded to one decimal place"),
    _f("civil_servants_targeted", "workforce", "定向考录公务员", "Recruited as civil servants", "名", "面向村（社区）党组织书记定向考录公务员", "各区之和",
       meaning_en="Civil servants recruited through examinations reserved for village (community) party organisation "
                  "secretaries",
       rule_en="Sum over the districts"),
    _f("institution_staff_targeted", "workforce", "定向考录事业人员", "Recruited as institution staff", "名", "面向村（社区）党组织书记定向考录事业单位人员", "各区之和",
       meaning_en="Public-institution staff recruited through examinations reserved for village (community) party "
                  "organisation secretaries",
       rule_en="Sum over the districts"),
    _f("deputy_section_promotions", "workforce", "提任副科级", "Promoted to deputy section level", "名", "提任副科级领导岗位", "各区之和",
       meaning_en="Promotions to leading posts at deputy section level",
       rule_en="Sum over the districts"),
    # ---------------------------------------------------------------- co-governance and volunteers
    _f("party_service_centres", "cogovernance", "党群服务中心", "Party-and-mass service centres", "处", "为新就业群体提供服务的党群服务中心", "各区之和",
       meaning_en="Party-and-mass service centres serving new employment groups",
       rule_en="Sum over the districts"),
    _f("red_bee_stations", "cogovernance", "红蜂驿站", "Red Bee stations", "个", "为快递员、网约配送员设立的驿站", "各区之和",
       meaning_en="Stations set up for couriers and online delivery riders",
       rule_en="Sum over the districts"),
    _f("mobile_party_branch_stations", "cogovernance", "流动党员党支部服务站", "Mobile party branch stations", "个", "流动党员党支部服务站", "各区之和",
       meaning_en="Service stations of party branches for mobile party members",
       rule_en="Sum over the districts"),
    _f("couriers_served", "cogovernance", "服务快递员、配送员", "Couriers and riders served", "名", "各类阵地服务的快递员、网约配送员", "各区累计服务人数之和",
       meaning_en="Couriers and online delivery riders served by service sites of every kind",
       rule_en="Sum over the districts of the cumulative numbers of people served"),
    _f("new_employment_grid_members", "cogovernance", "新就业群体兼职网格员", "New-employment grid members", "名", "担任兼职网格员的新就业群体从业人员", "各区之和",
       meaning_en="Workers from new employment groups serving as part-time grid members",
       rule_en="Sum over the districts"),
    _f("women_volunteer_corps", "cogovernance", "巾帼志愿服务团", "Women's volunteer corps", "支", "巾帼志愿服务团", "队伍表中类别为服务团的队伍数",
       meaning_en="Women's volunteer corps",
       rule_en="Number of teams in the team table whose kind is corps"),
    _f("women_volunteer_teams", "cogovernance", "巾帼志愿服务队", "Women's volunteer teams", "支", "巾帼志愿服务队", "队伍表中类别为服务队的队伍数",
       meaning_en="Women's volunteer teams",
       rule_en="Number of teams in the team table whose kind is team"),
    _f("volunteer_sessions", "cogovernance", "公益志愿服务", "Volunteer service sessions", "场次", "社区工作者协同巾帼志愿服务团、队开展的公益志愿服务",
       "志愿服务明细累计行数（每周新增累加）",
       meaning_en="Volunteer service held by community workers together with the women's volunteer corps and teams",
       rule_en="Cumulative number of rows in the volunteer-service detail table (each week's new rows added up)"),
    _f("legal_aid_cases", "cogovernance", "法律援助志愿服务", "Legal-aid services", "件次", "会同司法部门提供的法律援助志愿服务",
       "法律援助明细累计行数（每周新增累加）",
       meaning_en="Legal-aid volunteer services provided together with the justice authorities",
       rule_en="Cumulative number of rows in the legal-aid detail table (each week's new rows added up)"),
]
FIGURES: dict[str, Figure] = {f.id: f for f in _LIST}


def load_targets() -> dict:
    """targets.toml: version, status thresholds and the target of each headline figure."""
    with TARGETS_FILE.open("rb") as f:
        return tomllib.load(f)


def status(figure_id: str, value: float | None, config: dict | None = None) -> tuple[str, float | None]:
    """(done | on_track | behind | info, progress 0..1) by the rule in targets.toml."""
    config = config or load_targets()
    target = config["targets"].get(figure_id)
    if target is None or value is None:
        return "info", None
    goal, baseline = target["target"], target.get("baseline", 0)
    span = goal - baseline
    progress = 1.0 if span == 0 else max(0.0, (value - baseline) / span)
    thresholds = config["status"]
    if progress >= thresholds["done_at"]:
        return "done", progress
    if progress >= target.get("on_track_at", thresholds["on_track_at"]):
        return "on_track", progress
    return "behind", progress
