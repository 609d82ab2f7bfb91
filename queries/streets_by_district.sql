-- 各旗县区街道数：调整前、当前、规划，方案状态与批复日期，社区、村、网格数，下沉编制
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    plan_status,
    plan_approved_on,
    streets_before,
    streets_now,
    streets_planned,
    communities,
    villages,
    grids,
    posts_moved_down
from stg_restructuring
where snapshot_date = $snapshot_date
  and ($district_code::varchar is null or district_code = $district_code::varchar)
order by display_order
