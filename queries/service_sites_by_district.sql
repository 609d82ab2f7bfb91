-- 各旗县区新就业群体服务阵地与兼职网格员
-- 粒度：每个旗县区一行（列：stg_service_sites 的全部列，旗县区名称与排序来自 district_labels）
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select * exclude (snapshot_date)
from stg_service_sites
where snapshot_date = $snapshot_date
  and in_scope(district_code, $district_code)
order by display_order
