-- 议事协商品牌及其所在村（社区）
-- 粒度：每个品牌一行
select
    b.brand_name,
    b.brand_name_en,
    b.unit_code,
    u.unit_name,
    u.parent_name,
    d.* exclude (district_code, display_order)
from deliberation_brands as b
join district_labels as d using (district_code)
left join stg_unit_names as u using (unit_code)
order by d.display_order
