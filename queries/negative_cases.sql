-- 已通报的反面案例：日期、旗县区、涉及单位、类别、相关观察点
-- 粒度：每起案例一行
-- 参数：$district_code (varchar, null = 全市)
select
    n.case_id,
    n.notified_on,
    n.district_code,
    d.district_name,
    d.district_name_en,
    n.unit_code,
    u.unit_name,
    u.parent_code,
    n.point_id,
    n.category
from negative_cases as n
join districts as d using (district_code)
left join stg_unit_names as u using (unit_code)
where $district_code::varchar is null or n.district_code = $district_code::varchar
order by n.notified_on desc, n.case_id
