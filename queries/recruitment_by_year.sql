-- 招录人数：年度 × 渠道（本期所报，含往年修订）
-- 粒度：每个年度一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
select
    year,
    coalesce(sum(recruits) filter (where channel = 'graduate_exam'), 0)::bigint as graduate_exam,
    coalesce(sum(recruits) filter (where channel = 'masters_city_post'), 0)::bigint as masters_city_post
from stg_recruitment
where snapshot_date = $snapshot_date
  and in_scope(district_code, $district_code)
group by year
order by year
