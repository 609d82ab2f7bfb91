-- 某街道（镇）下辖的社区、村及其网格数
-- 粒度：每个社区或村一行
-- 参数：$street_code (varchar), $district_code (varchar, null = 全市；街道须在该旗县区)
select
    unit_code,
    unit_name,
    unit_level,
    has_affairs_list,
    is_demo_invented,
    grids,
    compounds
from stg_units
where parent_code = $street_code
  and in_scope(district_code, $district_code)
order by unit_level, unit_code
