-- 街道、镇下辖社区、行政村与网格数
-- 粒度：每个已设立的街道或镇一行
-- 参数：$district_code (varchar, null = 全市)
select
    p.district_code,
    p.unit_code as street_code,
    p.unit_name as street_name,
    p.unit_level,
    count(c.unit_code) filter (where c.is_community) as communities,
    count(c.unit_code) filter (where c.is_village) as villages,
    coalesce(sum(c.grids) filter (where c.is_community), 0)::bigint as grids
from stg_units as p
left join stg_units as c on c.parent_code = p.unit_code
where (p.is_street or p.is_town)
  and in_scope(p.district_code, $district_code)
group by all
order by p.district_code, street_code
