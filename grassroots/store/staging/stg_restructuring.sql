-- 各旗县区治理单元汇总，逐周（本期及以前各期），带旗县区名称与排序
-- 粒度：snapshot_date × 旗县区
select
    r.snapshot_date,
    r.district_code,
    d.district_name,
    d.district_name_en,
    d.district_short,
    d.district_short_en,
    d.display_order,
    r.plan_status,
    r.plan_approved_on,
    r.streets_before,
    r.streets_now,
    r.streets_planned,
    r.communities,
    r.villages,
    r.grids,
    r.posts_moved_down
from district_restructuring_history as r
join districts as d using (district_code)
