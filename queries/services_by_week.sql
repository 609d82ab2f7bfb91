-- 每周志愿服务场次与法律援助件次（周五为一周的最后一天）
-- 粒度：每周一行
-- 参数：$district_code (varchar, null = 全市)
select
    week_ending,
    count(*) filter (where service = 'volunteer_sessions') as volunteer_sessions,
    count(*) filter (where service = 'legal_aid_cases') as legal_aid_cases
from stg_service_events
where $district_code::varchar is null or district_code = $district_code::varchar
group by week_ending
order by week_ending
