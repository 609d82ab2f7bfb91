-- 各旗县区新就业群体服务阵地与兼职网格员，逐周，带旗县区名称
-- 粒度：snapshot_date × 旗县区
select s.*, d.* exclude (district_code)
from service_sites_history as s
join district_labels as d using (district_code)
