-- 已通报的反面案例：日期、旗县区、涉及单位、类别、相关观察点
-- 粒度：每起案例一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
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
join districts as d on d.district_code = n.district_code and d.snapshot_date = n.snapshot_date
left join units as u on u.unit_code = n.unit_code and u.snapshot_date = n.snapshot_date
where n.snapshot_date = $snapshot_date
  and ($district_code::varchar is null or n.district_code = $district_code::varchar)
order by n.notified_on desc, n.case_id
