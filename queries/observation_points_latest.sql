-- 观察点最近一周的负担指标、负担合计及较上周变化；合计较上周上升超过 $rise_pct % 即标记
-- 粒度：每个观察点一行
-- 参数：$district_code (varchar, null = 全市), $rise_pct (double)
select
    point_id,
    unit_name,
    unit_level,
    parent_code,
    district_code,
    district_name,
    district_name_en,
    week_ending,
    tasks_pushed_down,
    forms_ledgers,
    certificates,
    meetings,
    work_chat_groups,
    inspections,
    burden_total,
    burden_total - burden_total_before as burden_change,
    rises(burden_total, burden_total_before, $rise_pct) as total_rises
from stg_observation_weeks
where latest
  and in_scope(district_code, $district_code)
order by point_id
