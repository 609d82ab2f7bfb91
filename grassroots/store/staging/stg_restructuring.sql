-- 各旗县区治理单元汇总，逐周（本期及以前各期），带旗县区名称与排序
-- 粒度：snapshot_date × 旗县区
select r.*, d.* exclude (district_code)
from district_restructuring_history as r
join district_labels as d using (district_code)
