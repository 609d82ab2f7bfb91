-- 各旗县区街道数：调整前、当前、规划，方案状态与批复日期，下沉编制
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date)
select
    r.district_code,
    d.district_name,
    d.district_name_en,
    r.plan_status,
    r.plan_approved_on,
    r.streets_before,
    r.streets_now,
    r.streets_planned,
    r.communities,
    r.villages,
    r.grids,
    r.posts_moved_down
from district_restructuring as r
join districts as d
    on d.district_code = r.district_code and d.snapshot_date = r.snapshot_date
where r.snapshot_date = $snapshot_date
order by d.display_order
