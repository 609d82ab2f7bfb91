"""Workforce pipeline (队伍建设): recruitment and each district's community workers."""

from __future__ import annotations

from grassroots.catalogue.tables.columns import Table, _c, _district, _count, _add, SRC_DISTRICTS, SRC_DISTRICTS_EN

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
