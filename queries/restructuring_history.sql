-- 有拆分规划的旗县区已设立街道数的逐周走势
-- 粒度：snapshot_date × 旗县区
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
with
planned as (
    select district_code from stg_restructuring
    where snapshot_date = $snapshot_date and streets_planned > 0
)
select
    r.snapshot_date,
    r.district_code,
    r.district_name,
    r.district_name_en,
    r.district_short,
    r.district_short_en,
    r.streets_now,
    r.communities,
    r.grids,
    r.plan_status
from stg_restructuring as r
join planned using (district_code)
where in_scope(r.district_code, $district_code)
order by r.snapshot_date, r.display_order
