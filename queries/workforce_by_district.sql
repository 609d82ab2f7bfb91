-- 各旗县区社区工作者队伍与每万城镇常住人口社区工作者数
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    community_staff_total,
    community_workers,
    urban_residents,
    workers_per_10k,
    recruited_workers,
    in_two_committees,
    head_posts,
    heads,
    civil_servants_targeted,
    institution_staff_targeted,
    deputy_section_promotions
from stg_workforce
where snapshot_date = $snapshot_date
  and ($district_code::varchar is null or district_code = $district_code::varchar)
order by display_order
