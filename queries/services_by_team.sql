-- 各队伍开展的志愿服务场次与法律援助件次（自 $since 起）
-- 粒度：每支队伍一行（有服务记录的）
-- 参数：$district_code (varchar, null = 全市), $since (date)
select
    team_id,
    team_name,
    team_kind,
    district_code,
    district_name,
    district_name_en,
    count(*) filter (where service = 'volunteer_sessions') as volunteer_sessions,
    count(*) filter (where service = 'legal_aid_cases') as legal_aid_cases
from stg_service_events
where happened_on >= $since
  and ($district_code::varchar is null or district_code = $district_code::varchar)
group by all
order by volunteer_sessions + legal_aid_cases desc, team_id
