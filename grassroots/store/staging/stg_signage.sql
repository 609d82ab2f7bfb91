-- 各旗县区累计清理标识标牌与上墙制度，逐周，带旗县区名称
-- 粒度：snapshot_date × 旗县区
select s.*, d.* exclude (district_code)
from signage_cleanup_history as s
join district_labels as d using (district_code)
