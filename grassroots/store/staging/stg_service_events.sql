-- 志愿服务场次与法律援助件次（累计至本期），同一口径：日期、所在周、旗县区、队伍
-- 粒度：每场（件）一行
with
events as (
    select 'volunteer_sessions' as service, session_id as event_id, held_on as happened_on, district_code, team_id
    from volunteer_sessions
    union all
    select 'legal_aid_cases', case_id, handled_on, district_code, team_id
    from legal_aid_cases
)
select
    e.service,
    e.event_id,
    e.happened_on,
    week_ending(e.happened_on) as week_ending,
    e.district_code,
    e.team_id,
    t.team_name,
    t.team_kind,
    d.* exclude (district_code)
from events as e
join district_labels as d using (district_code)
left join volunteer_teams as t using (team_id)
