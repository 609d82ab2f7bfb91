-- 街道拆分对照：2023 年街道 → 当前街道
-- 粒度：每个当前街道一行
-- 参数：$district_code (varchar, null = 全市)
select
    c.district_code,
    d.district_name,
    d.district_name_en,
    c.old_street_code,
    c.old_street_name,
    c.new_street_code,
    c.new_street_name,
    c.relation,
    c.is_demo_invented
from street_crosswalk as c
join district_labels as d using (district_code)
where in_scope(c.district_code, $district_code)
order by d.display_order, c.old_street_code, c.new_street_code
