-- 各观察点每周负担合计（小图）
-- 粒度：观察点 × 周
-- 参数：$district_code (varchar, null = 全市)
select point_id, unit_name, week_ending, burden_total
from stg_observation_weeks
where $district_code::varchar is null or district_code = $district_code::varchar
order by point_id, week_ending
