-- 本期治理单元及其上级单位（社区、村的街道或镇）名称，带计数口径（stg_unit_kinds）
-- 粒度：每个单位一行
select
    u.unit_code,
    u.unit_name,
    u.unit_level,
    u.status,
    u.parent_code,
    p.unit_name as parent_name,
    u.district_code,
    u.has_affairs_list,
    u.is_demo_invented,
    u.is_street,
    u.is_town,
    u.is_community,
    u.is_village
from stg_unit_kinds as u
left join units as p on p.unit_code = u.parent_code
