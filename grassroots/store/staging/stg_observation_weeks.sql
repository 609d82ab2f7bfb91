-- 观察点每周负担指标：负担合计、上一周合计，观察点所在单位、街道（镇）与旗县区
-- 粒度：观察点 × 周（week_ending）
with
weeks as (
    select
        o.*,
        o.tasks_pushed_down + o.forms_ledgers + o.certificates + o.meetings + o.work_chat_groups + o.inspections
            as burden_total
    from observation_weekly as o
)
select
    w.point_id,
    w.week_ending,
    w.tasks_pushed_down,
    w.forms_ledgers,
    w.certificates,
    w.meetings,
    w.work_chat_groups,
    w.inspections,
    w.burden_total,
    lag(w.burden_total) over (partition by w.point_id order by w.week_ending) as burden_total_before,
    row_number() over (partition by w.point_id order by w.week_ending desc) = 1 as latest,
    p.unit_code,
    u.unit_name,
    u.unit_level,
    u.parent_code,
    p.district_code,
    d.* exclude (district_code)
from weeks as w
join observation_points as p using (point_id)
join district_labels as d on d.district_code = p.district_code
left join stg_unit_names as u on u.unit_code = p.unit_code
