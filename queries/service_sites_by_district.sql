-- 各旗县区新就业群体服务阵地与兼职网格员
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date)
select
    s.district_code,
    d.district_name,
    d.district_name_en,
    s.party_service_centres,
    s.red_bee_stations,
    s.mobile_party_stations,
    s.couriers_served,
    s.new_employment_grid_members
from service_sites as s
join districts as d on d.district_code = s.district_code and d.snapshot_date = s.snapshot_date
where s.snapshot_date = $snapshot_date
order by d.display_order
