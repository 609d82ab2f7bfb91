-- 各旗县区街道数：调整前、当前、规划，方案状态与批复日期，社区、村、网格数，下沉编制
-- 粒度：每个旗县区一行（列：stg_restructuring 的全部列，旗县区名称与排序来自 district_labels）
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select * exclude (snapshot_date)
from stg_restructuring
where snapshot_date = $snapshot_date
  and in_scope(district_code, $district_code)
order by display_order
