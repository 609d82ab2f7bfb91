-- 招录人数：年度 × 渠道 × 旗县区，逐周（往年数据可被修订），带旗县区名称
-- 粒度：snapshot_date × 旗县区 × 年度 × 渠道
select
    r.snapshot_date,
    r.district_code,
    d.district_name,
    d.district_name_en,
    d.display_order,
    r.year,
    r.channel,
    r.recruits
from recruitment_history as r
join districts as d using (district_code)
