-- 招录人数：年度 × 渠道 × 旗县区
-- 粒度：年度 × 渠道 × 旗县区
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    r.year,
    r.channel,
    r.district_code,
    d.district_name,
    d.district_name_en,
    r.recruits
from recruitment as r
join districts as d on d.district_code = r.district_code and d.snapshot_date = r.snapshot_date
where r.snapshot_date = $snapshot_date
  and ($district_code::varchar is null or r.district_code = $district_code::varchar)
order by r.year, r.channel, d.display_order
