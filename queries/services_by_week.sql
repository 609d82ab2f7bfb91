-- 每周志愿服务场次与法律援助件次（周五为一周的最后一天）
-- 粒度：每周一行
-- 参数：$district_code (varchar, null = 全市)
select
    week_ending,
    sessions_count(service) as volunteer_sessions, legal_aid_count(service) as legal_aid_cases
from stg_service_events
where in_scope(district_code, $district_code)
group by week_ending
order by week_ending
