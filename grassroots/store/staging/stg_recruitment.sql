-- 招录人数：年度 × 渠道 × 旗县区，逐周（往年数据可被修订），带旗县区名称
-- 粒度：snapshot_date × 旗县区 × 年度 × 渠道
select r.*, d.* exclude (district_code)
from recruitment_history as r
join district_labels as d using (district_code)
