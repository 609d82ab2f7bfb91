-- 各旗县区累计清理标识标牌与上墙制度
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    signs_removed,
    wall_rules_removed
from stg_signage
where snapshot_date = $snapshot_date
  and ($district_code::varchar is null or district_code = $district_code::varchar)
order by display_order
