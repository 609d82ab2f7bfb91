-- 数据探索：任一数据集按一至两个维度分组汇总（维度、指标、汇总方式均为参数，取值来自固定目录）
-- 粒度：dim1 × dim2
-- 参数：$dataset, $measure, $dim1, $dim2 (varchar; $dim2 可为 'none'),
--       $snapshot_from, $snapshot_to (date), $date_from, $date_to (date, null = 不限),
--       $districts, $streets, $categories (varchar[], null = 全部)
with
streets as (
    select unit_code, unit_name, snapshot_date from units where unit_level in ('street', 'town')
),
unit_names as (
    select u.unit_code, u.unit_name, u.snapshot_date, s.unit_name as street_name
    from units as u
    left join streets as s on s.unit_code = u.parent_code and s.snapshot_date = u.snapshot_date
),
teams as (
    select team_id, team_name, snapshot_date from volunteer_teams
),
facts as (
    select 'legal_aid_cases' as dataset, l.snapshot_date, l.district_code, n.street_name, n.unit_name,
           l.case_type as category, t.team_name as subcategory, l.handled_on as event_date,
           'cases' as measure, 1::double as amount
    from legal_aid_cases as l
    left join unit_names as n on n.unit_code = l.unit_code and n.snapshot_date = l.snapshot_date
    left join teams as t on t.team_id = l.team_id and t.snapshot_date = l.snapshot_date
    union all
    select 'volunteer_sessions', v.snapshot_date, v.district_code, n.street_name, n.unit_name,
           v.service_kind, t.team_name, v.held_on, m.measure, m.amount
    from volunteer_sessions as v
    left join unit_names as n on n.unit_code = v.unit_code and n.snapshot_date = v.snapshot_date
    left join teams as t on t.team_id = v.team_id and t.snapshot_date = v.snapshot_date
    cross join lateral (values ('sessions', 1::double), ('participants', v.participants::double)) as m(measure, amount)
    union all
    select 'negative_cases', c.snapshot_date, c.district_code, n.street_name, n.unit_name,
           c.category, c.point_id, c.notified_on, 'cases', 1::double
    from negative_cases as c
    left join unit_names as n on n.unit_code = c.unit_code and n.snapshot_date = c.snapshot_date
    union all
    select 'observation_weekly', o.snapshot_date, p.district_code, n.street_name, n.unit_name,
           o.point_id, null, o.week_ending, m.measure, m.amount
    from observation_weekly as o
    join observation_points as p on p.point_id = o.point_id and p.snapshot_date = o.snapshot_date
    left join unit_names as n on n.unit_code = p.unit_code and n.snapshot_date = p.snapshot_date
    cross join lateral (values
        ('tasks_pushed_down', o.tasks_pushed_down::double), ('forms_ledgers', o.forms_ledgers::double),
        ('certificates', o.certificates::double), ('meetings', o.meetings::double),
        ('work_chat_groups', o.work_chat_groups::double), ('inspections', o.inspections::double)
    ) as m(measure, amount)
    union all
    select 'grids', g.snapshot_date, g.district_code, n.street_name, n.unit_name,
           null, null, null, m.measure, m.amount
    from grids as g
    left join unit_names as n on n.unit_code = g.community_code and n.snapshot_date = g.snapshot_date
    cross join lateral (values ('grids', 1::double), ('compounds', g.compounds::double)) as m(measure, amount)
    union all
    select 'units', u.snapshot_date, u.district_code, n.street_name, u.unit_name,
           u.unit_level, u.status, null, m.measure, m.amount
    from units as u
    left join unit_names as n on n.unit_code = u.unit_code and n.snapshot_date = u.snapshot_date
    cross join lateral (values ('units', 1::double), ('with_list', u.has_affairs_list::integer::double)) as m(measure, amount)
    union all
    select 'task_book', t.snapshot_date, null, null, null,
           t.status, t.lead_unit, t.completed_on, 'tasks', 1::double
    from task_book as t
    union all
    select 'recruitment', r.snapshot_date, r.district_code, null, null,
           r.channel, r.year::varchar, null, 'recruits', r.recruits::double
    from recruitment as r
    union all
    select 'workforce', w.snapshot_date, w.district_code, null, null, null, null, null, m.measure, m.amount
    from workforce as w
    cross join lateral (values
        ('community_staff_total', w.community_staff_total::double), ('community_workers', w.community_workers::double),
        ('urban_residents', w.urban_residents::double), ('in_two_committees', w.in_two_committees::double),
        ('heads', w.heads::double), ('civil_servants_targeted', w.civil_servants_targeted::double),
        ('institution_staff_targeted', w.institution_staff_targeted::double),
        ('deputy_section_promotions', w.deputy_section_promotions::double)
    ) as m(measure, amount)
    union all
    select 'service_sites', s.snapshot_date, s.district_code, null, null, null, null, null, m.measure, m.amount
    from service_sites as s
    cross join lateral (values
        ('party_service_centres', s.party_service_centres::double), ('red_bee_stations', s.red_bee_stations::double),
        ('mobile_party_stations', s.mobile_party_stations::double), ('couriers_served', s.couriers_served::double),
        ('new_employment_grid_members', s.new_employment_grid_members::double)
    ) as m(measure, amount)
    union all
    select 'signage_cleanup', s.snapshot_date, s.district_code, null, null, null, null, null, m.measure, m.amount
    from signage_cleanup as s
    cross join lateral (values ('signs_removed', s.signs_removed::double),
                               ('wall_rules_removed', s.wall_rules_removed::double)) as m(measure, amount)
),
filtered as (
    select f.*, d.district_name, d.display_order
    from facts as f
    left join districts as d on d.district_code = f.district_code and d.snapshot_date = f.snapshot_date
    where f.dataset = $dataset
      and f.measure = $measure
      and f.snapshot_date between $snapshot_from and $snapshot_to
      and ($date_from::date is null or f.event_date >= $date_from::date)
      and ($date_to::date is null or f.event_date <= $date_to::date)
      and ($districts::varchar[] is null or list_contains($districts::varchar[], f.district_code))
      and ($streets::varchar[] is null or list_contains($streets::varchar[], f.street_name))
      and ($categories::varchar[] is null or list_contains($categories::varchar[], f.category))
),
dimensions as (
    -- every dimension a user may group by, under its catalogue key (grassroots/explore.py)
    select
        map {
            'district': coalesce(district_name, '全市'),
            'street': coalesce(street_name, '—'),
            'unit': coalesce(unit_name, '—'),
            'category': coalesce(category, '—'),
            'subcategory': coalesce(subcategory, '—'),
            'week': strftime((event_date + ((5 - isodow(event_date) + 7) % 7)::integer)::date, '%Y-%m-%d'),
            'month': strftime(event_date, '%Y-%m'),
            'snapshot': strftime(snapshot_date, '%Y-%m-%d')
        } as dims,
        display_order,
        amount
    from filtered
),
labelled as (
    select
        dims[$dim1] as dim1,
        coalesce(dims[$dim2], '') as dim2,
        case when $dim1 = 'district' then coalesce(display_order, 0) else 0 end as sort_key,
        amount
    from dimensions
),
final as (
    select
        dim1,
        dim2,
        sum(amount) as total,
        avg(amount) as mean,
        min(amount) as minimum,
        max(amount) as maximum,
        count(*) as rows,
        min(sort_key) as sort_key
    from labelled
    group by dim1, dim2
)
select dim1, dim2, total, mean, minimum, maximum, rows from final
order by sort_key, dim1, dim2
