-- 各旗县区累计清理标识标牌与上墙制度
-- 粒度：每个旗县区一行
-- 参数：$snapshot_date (date)
select
    s.district_code,
    d.district_name,
    d.district_name_en,
    s.signs_removed,
    s.wall_rules_removed
from signage_cleanup as s
join districts as d
    on d.district_code = s.district_code and d.snapshot_date = s.snapshot_date
where s.snapshot_date = $snapshot_date
order by d.display_order
