-- 各观察点每周负担合计（小图）：至多 $max_points 个观察点，本周负担上升的在前，其余按本周负担合计从高到低；
-- 只取最近 $weeks 周
-- 粒度：观察点 × 周
-- 参数：$district_code (varchar, null = 全市), $rise_pct (double), $max_points (integer), $weeks (integer)
with scoped as (
    select point_id, unit_name, week_ending, burden_total, burden_total_before, latest
    from stg_observation_weeks
    where in_scope(district_code, $district_code)
),
shown as (
    select point_id
    from scoped
    where latest
    order by rises(burden_total, burden_total_before, $rise_pct) desc, burden_total desc nulls last, point_id
    limit $max_points
)
select point_id, unit_name, week_ending, burden_total
from scoped
semi join shown using (point_id)
where week_ending > (select max(week_ending) from scoped) - 7 * $weeks::integer
order by point_id, week_ending
