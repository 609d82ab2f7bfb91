-- 议事协商品牌及其所在村（社区）
-- 粒度：每个品牌一行
-- 参数：$snapshot_date (date)
select
    b.brand_name,
    b.brand_name_en,
    b.unit_code,
    u.unit_name,
    p.unit_name as parent_name,
    d.district_name,
    d.district_name_en
from deliberation_brands as b
join districts as d on d.district_code = b.district_code and d.snapshot_date = b.snapshot_date
left join units as u on u.unit_code = b.unit_code and u.snapshot_date = b.snapshot_date
left join units as p on p.unit_code = u.parent_code and p.snapshot_date = b.snapshot_date
where b.snapshot_date = $snapshot_date
order by d.display_order
