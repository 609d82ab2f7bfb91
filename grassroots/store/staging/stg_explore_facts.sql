-- 数据探索的统一长表：每个数据集的每条记录、每个指标一行（指标名即字段名，count = 记录数）
-- 粒度：数据集 × 快照期 × 记录 × 指标
-- 读各表的 *_history 视图：有逐周历史的表（队伍、服务阵地等）可跨期比较，其余只有本期。
-- 数据集、指标与维度的目录在 grassroots/catalogue/explore.py（由 schema 生成）；两边用同样的名字。
with
facts as (
    select 'legal_aid_cases' as dataset, l.snapshot_date, l.district_code, n.parent_name as street_name,
           n.unit_name, l.case_type as category, t.team_name as subcategory, l.handled_on as event_date,
           'count' as measure, 1::double as amount
    from legal_aid_cases_history as l
    left join stg_unit_names as n using (unit_code)
    left join volunteer_teams as t using (team_id)
    union all
    select 'volunteer_sessions', v.snapshot_date, v.district_code, n.parent_name, n.unit_name,
           v.service_kind, t.team_name, v.held_on, m.measure, m.amount
    from volunteer_sessions_history as v
    left join stg_unit_names as n using (unit_code)
    left join volunteer_teams as t using (team_id)
    cross join lateral (values ('count', 1::double), ('participants', v.participants::double)) as m(measure, amount)
    union all
    select 'negative_cases', c.snapshot_date, c.district_code, n.parent_name, n.unit_name,
           c.category, c.point_id, c.notified_on, 'count', 1::double
    from negative_cases_history as c
    left join stg_unit_names as n using (unit_code)
    union all
    select 'observation_weekly', o.snapshot_date, p.district_code, n.parent_name, n.unit_name,
           o.point_id, null, o.week_ending, m.measure, m.amount
    from observation_weekly_history as o
    join observation_points as p using (point_id)
    left join stg_unit_names as n on n.unit_code = p.unit_code
    cross join lateral (values
        ('count', 1::double),
        ('tasks_pushed_down', o.tasks_pushed_down::double), ('forms_ledgers', o.forms_ledgers::double),
        ('certificates', o.certificates::double), ('meetings', o.meetings::double),
        ('work_chat_groups', o.work_chat_groups::double), ('inspections', o.inspections::double)
    ) as m(measure, amount)
    union all
    select 'grids', g.snapshot_date, g.district_code, n.parent_name, n.unit_name,
           null, null, null, m.measure, m.amount
    from grids_history as g
    left join stg_unit_names as n on n.unit_code = g.community_code
    cross join lateral (values ('count', 1::double), ('compounds', g.compounds::double)) as m(measure, amount)
    union all
    select 'units', u.snapshot_date, u.district_code, n.parent_name, u.unit_name,
           u.unit_level, u.status, null, m.measure, m.amount
    from units_history as u
    left join stg_unit_names as n using (unit_code)
    cross join lateral (values ('count', 1::double), ('has_affairs_list', u.has_affairs_list::integer::double)) as m(measure, amount)
    union all
    select 'task_book', t.snapshot_date, null, null, null,
           t.status, t.lead_unit, t.completed_on, 'count', 1::double
    from task_book_history as t
    union all
    select 'recruitment', r.snapshot_date, r.district_code, null, null,
           r.channel, r.year::varchar, null, 'recruits', r.recruits::double
    from recruitment_history as r
    union all
    select 'workforce', w.snapshot_date, w.district_code, null, null, null, null, null, m.measure, m.amount
    from workforce_history as w
    cross join lateral (values
        ('community_staff_total', w.community_staff_total::double), ('community_workers', w.community_workers::double),
        ('urban_residents', w.urban_residents::double), ('recruited_workers', w.recruited_workers::double),
        ('in_two_committees', w.in_two_committees::double), ('head_posts', w.head_posts::double),
        ('heads', w.heads::double), ('civil_servants_targeted', w.civil_servants_targeted::double),
        ('institution_staff_targeted', w.institution_staff_targeted::double),
        ('deputy_section_promotions', w.deputy_section_promotions::double)
    ) as m(measure, amount)
    union all
    select 'service_sites', s.snapshot_date, s.district_code, null, null, null, null, null, m.measure, m.amount
    from service_sites_history as s
    cross join lateral (values
        ('party_service_centres', s.party_service_centres::double), ('red_bee_stations', s.red_bee_stations::double),
        ('mobile_party_stations', s.mobile_party_stations::double), ('couriers_served', s.couriers_served::double),
        ('new_employment_grid_members', s.new_employment_grid_members::double)
    ) as m(measure, amount)
    union all
    select 'signage_cleanup', s.snapshot_date, s.district_code, null, null, null, null, null, m.measure, m.amount
    from signage_cleanup_history as s
    cross join lateral (values ('signs_removed', s.signs_removed::double),
                               ('wall_rules_removed', s.wall_rules_removed::double)) as m(measure, amount)
)
select f.*, d.district_name, d.district_name_en, d.display_order
from facts as f
left join districts as d using (district_code)
