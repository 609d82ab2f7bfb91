-- 各旗县区社区工作者队伍，逐周，带旗县区名称与每万城镇常住人口社区工作者数
-- 粒度：snapshot_date × 旗县区
select w.*, per_10k(w.community_workers, w.urban_residents) as workers_per_10k, d.* exclude (district_code)
from workforce_history as w
join district_labels as d using (district_code)
