-- 一个观察点附近的反面案例：由该观察点发现，或在同一街道（镇）
-- 粒度：每起案例一行
-- 参数：$point_id (varchar), $district_code (varchar, null = 全市；观察点与案例须在该旗县区)
with
point as (
    select p.point_id, p.district_code, u.parent_code
    from observation_points as p
    left join stg_unit_names as u using (unit_code)
    where p.point_id = $point_id
      and in_scope(p.district_code, $district_code)
)
select n.case_id, n.notified_on, u.unit_name, n.category, n.point_id
from negative_cases as n
left join stg_unit_names as u using (unit_code)
join point as p on n.point_id = p.point_id or u.parent_code = p.parent_code
where in_scope(n.district_code, $district_code)
order by n.notified_on desc, n.case_id
