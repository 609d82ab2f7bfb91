-- 各旗县区新就业群体服务阵地与兼职网格员，逐周，带旗县区名称
-- 粒度：snapshot_date × 旗县区
select
    s.snapshot_date,
    s.district_code,
    d.district_name,
    d.district_name_en,
    d.district_short,
    d.district_short_en,
    d.display_order,
    s.party_service_centres,
    s.red_bee_stations,
    s.mobile_party_stations,
    s.couriers_served,
    s.new_employment_grid_members
from service_sites_history as s
join districts as d using (district_code)
