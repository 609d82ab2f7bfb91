-- 各旗县区志愿服务场次与法律援助件次（自 $since 起）
-- 粒度：每个旗县区一行（有服务记录的）
-- 参数：$district_code (varchar, null = 全市), $since (date)
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    count(*) filter (where service = 'volunteer_sessions') as volunteer_sessions,
    count(*) filter (where service = 'legal_aid_cases') as legal_aid_cases
from stg_service_events
where happened_on >= $since
  and ($district_code::varchar is null or district_code = $district_code::varchar)
group by all
order by min(display_order)
