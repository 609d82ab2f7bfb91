-- 每个观察点最近 $weeks 周的负担合计逐周变化（预警“负担连续上升”用，grassroots/catalogue/alerts.toml）
-- 粒度：观察点 × 周（只含有上周可比的周）
-- 参数：$weeks (integer), $district_code (varchar, null = 全市)
select
    point_id,
    unit_name,
    district_code,
    district_name,
    district_name_en,
    week_ending,
    burden_total,
    burden_total - burden_total_before as burden_change
from stg_observation_weeks
where burden_total_before is not null
  and in_scope(district_code, $district_code)
  and week_ending > (select max(week_ending) from stg_observation_weeks) - 7 * $weeks::integer
order by point_id, week_ending
