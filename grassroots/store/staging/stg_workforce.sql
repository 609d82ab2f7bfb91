-- 各旗县区社区工作者队伍，逐周，带旗县区名称与每万城镇常住人口社区工作者数
-- 粒度：snapshot_date × 旗县区
select
    w.snapshot_date,
    w.district_code,
    d.district_name,
    d.district_name_en,
    d.district_short,
    d.district_short_en,
    d.display_order,
    w.community_staff_total,
    w.community_workers,
    w.urban_residents,
    per_10k(w.community_workers, w.urban_residents) as workers_per_10k,
    w.recruited_workers,
    w.in_two_committees,
    w.head_posts,
    w.heads,
    w.civil_servants_targeted,
    w.institution_staff_targeted,
    w.deputy_section_promotions
from workforce_history as w
join districts as d using (district_code)
