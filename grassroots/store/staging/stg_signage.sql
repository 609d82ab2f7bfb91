-- 各旗县区累计清理标识标牌与上墙制度，逐周，带旗县区名称
-- 粒度：snapshot_date × 旗县区
select
    s.snapshot_date,
    s.district_code,
    d.district_name,
    d.district_name_en,
    d.district_short,
    d.district_short_en,
    d.display_order,
    s.signs_removed,
    s.wall_rules_removed
from signage_cleanup_history as s
join districts as d using (district_code)
