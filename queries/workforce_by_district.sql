-- 各旗县区社区工作者队伍与每万城镇常住人口社区工作者数
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date)
select
    w.district_code,
    d.district_name,
    d.district_name_en,
    w.community_staff_total,
    w.community_workers,
    w.urban_residents,
    round(w.community_workers * 10000 / nullif(w.urban_residents, 0), 1) as workers_per_10k,
    w.recruited_workers,
    w.in_two_committees,
    w.head_posts,
    w.heads,
    w.civil_servants_targeted,
    w.institution_staff_targeted,
    w.deputy_section_promotions
from workforce as w
join districts as d on d.district_code = w.district_code and d.snapshot_date = w.snapshot_date
where w.snapshot_date = $snapshot_date
order by d.display_order
