-- 观察点本周负担指标及较上周变化；负担合计较上周上升超过 $rise_pct % 即标记
-- 粒度：每个观察点一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市), $rise_pct (double)
with
points as (
    select p.point_id, p.unit_code, p.district_code, u.unit_name, u.unit_level, u.parent_code
    from observation_points as p
    left join units as u on u.unit_code = p.unit_code and u.snapshot_date = p.snapshot_date
    where p.snapshot_date = $snapshot_date
      and ($district_code::varchar is null or p.district_code = $district_code::varchar)
),
weekly as (
    select *, row_number() over (partition by point_id order by week_ending desc) as recency
    from observation_weekly
    where snapshot_date = $snapshot_date
),
this_week as (select * from weekly where recency = 1),
last_week as (select * from weekly where recency = 2),
final as (
    select
        p.point_id,
        p.unit_name,
        p.unit_level,
        p.parent_code,
        p.district_code,
        d.district_name,
        d.district_name_en,
        t.week_ending,
        t.tasks_pushed_down,
        t.forms_ledgers,
        t.certificates,
        t.meetings,
        t.work_chat_groups,
        t.inspections,
        t.tasks_pushed_down + t.forms_ledgers + t.certificates + t.meetings + t.work_chat_groups + t.inspections
            as burden_total,
        (t.tasks_pushed_down + t.forms_ledgers + t.certificates + t.meetings + t.work_chat_groups + t.inspections)
        - (l.tasks_pushed_down + l.forms_ledgers + l.certificates + l.meetings + l.work_chat_groups + l.inspections)
            as burden_change,
        coalesce(
            t.tasks_pushed_down > l.tasks_pushed_down or t.forms_ledgers > l.forms_ledgers
            or t.meetings > l.meetings or t.work_chat_groups > l.work_chat_groups
            or t.inspections > l.inspections,
            false
        ) as any_rise,
        (
            t.tasks_pushed_down + t.forms_ledgers + t.certificates + t.meetings + t.work_chat_groups + t.inspections
        ) > (1 + $rise_pct / 100) * (
            l.tasks_pushed_down + l.forms_ledgers + l.certificates + l.meetings + l.work_chat_groups + l.inspections
        ) as total_rises
    from points as p
    join districts as d on d.district_code = p.district_code and d.snapshot_date = $snapshot_date
    left join this_week as t on t.point_id = p.point_id
    left join last_week as l on l.point_id = p.point_id
)
select * from final
order by point_id
