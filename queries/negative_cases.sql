-- 已通报的反面案例：日期、旗县区、涉及单位、类别、相关观察点
-- 粒度：每起案例一行
-- 参数：$district_code (varchar, null = 全市)
select
    n.case_id,
    n.notified_on,
    n.*,
    d.* exclude (district_code),
    u.unit_name,
    u.parent_code
from negative_cases as n
join district_labels as d using (district_code)
left join stg_unit_names as u using (unit_code)
where in_scope(n.district_code, $district_code)
order by n.notified_on desc, n.case_id
