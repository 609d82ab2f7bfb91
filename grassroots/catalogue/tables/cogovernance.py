"""Co-governance and volunteers (共治与志愿服务): service sites, teams, sessions, legal aid."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Table, _c, _district, _count, _add, SRC_DISTRICTS, SRC_DISTRICTS_EN

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
