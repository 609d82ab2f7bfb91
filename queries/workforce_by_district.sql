-- 各旗县区社区工作者队伍与每万城镇常住人口社区工作者数
-- 粒度：每个旗县区一行（列：stg_workforce 的全部列，旗县区名称与排序来自 district_labels）
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select * exclude (snapshot_date)
from stg_workforce
where snapshot_date = $snapshot_date
  and in_scope(district_code, $district_code)
order by display_order
