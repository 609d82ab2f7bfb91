-- 观察点每周负担指标：负担合计、上一周合计，观察点所在单位、街道（镇）与旗县区
-- 粒度：观察点 × 周（week_ending）
-- 逐周次序先在周报上算（上一周合计、是否最近一周，同一窗口），再接观察点、单位与旗县区：
-- 只取最近一周或一个旗县区的查询因此只为所需的行接表（README“In the browser”）
with
weeks as (
    select
        o.*,
        o.tasks_pushed_down + o.forms_ledgers + o.certificates + o.meetings + o.work_chat_groups + o.inspections
            as burden_total
    from observation_weekly as o
),
ordered as (
    select
        w.*,
        lag(w.burden_total) over by_week as burden_total_before,
        lead(w.week_ending) over by_week is null as latest
    from weeks as w
    window by_week as (partition by w.point_id order by w.week_ending)
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
    w.burden_total_before,
    w.latest,
    p.unit_code,
    u.unit_name,
    u.unit_level,
    u.parent_code,
    p.district_code,
    d.* exclude (district_code)
from ordered as w
join observation_points as p using (point_id)
join district_labels as d on d.district_code = p.district_code
left join stg_unit_names as u on u.unit_code = p.unit_code
