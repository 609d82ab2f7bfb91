-- 总览指标：每个快照、每个指标一行（公开报道中的全部数字，及由其推算的比例）
-- 粒度：snapshot_date × figure_id
-- 参数：$from_date (date), $to_date (date), $district_code (varchar, null = 全市)
-- 计算规则在 staging/figures.sql；市级指标在旗县区范围内仍为全市数（city_only）。
select snapshot_date, figure_id, value, city_only
from figures
where snapshot_date between $from_date and $to_date
  and district_code is not distinct from $district_code
order by snapshot_date, figure_id
