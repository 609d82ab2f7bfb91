-- 各旗县区街道、社区、网格数的每周走势
-- 粒度：snapshot_date × 旗县区
-- 参数：$to_date (date)：截至该期（含）
select
    r.snapshot_date,
    r.district_code,
    d.district_name,
    d.district_name_en,
    r.streets_now,
    r.communities,
    r.grids,
    r.plan_status
from district_restructuring as r
join districts as d
    on d.district_code = r.district_code and d.snapshot_date = r.snapshot_date
where r.snapshot_date <= $to_date
order by r.snapshot_date, d.display_order
