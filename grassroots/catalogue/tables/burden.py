"""Burden reduction (减负): the task book, signs, observation points and their weekly burden, negative cases."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Table, _c, _district, _count, _add, SRC_DISTRICTS, SRC_CITY, SRC_DISTRICTS_EN, SRC_CITY_EN

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
