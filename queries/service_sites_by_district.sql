-- 各旗县区新就业群体服务阵地与兼职网格员
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    party_service_centres,
    red_bee_stations,
    mobile_party_stations,
    couriers_served,
    new_employment_grid_members
from stg_service_sites
where snapshot_date = $snapshot_date
  and ($district_code::varchar is null or district_code = $district_code::varchar)
order by display_order
