-- 自 $since 起的志愿服务场次与法律援助件次：各旗县区一行（is_district_total，team_id 为空），其下各队伍一行
-- 粒度：旗县区，或旗县区 × 队伍（有服务记录的）
-- 参数：$district_code (varchar, null = 全市), $since (date)
select
    grouping(team_id) = 1 as is_district_total,
    district_code,
    any_value(district_name) as district_name,
    any_value(district_name_en) as district_name_en,
    any_value(district_short) as district_short,
    any_value(district_short_en) as district_short_en,
    team_id,
    any_value(team_name) as team_name,
    any_value(team_kind) as team_kind,
    sessions_count(service) as volunteer_sessions,
    legal_aid_count(service) as legal_aid_cases,
    min(display_order) as display_order
from stg_service_events
where happened_on >= $since
  and in_scope(district_code, $district_code)
group by grouping sets ((district_code), (district_code, team_id))
order by is_district_total desc, display_order, volunteer_sessions + legal_aid_cases desc, team_id
