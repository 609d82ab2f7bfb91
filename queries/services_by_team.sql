-- 各队伍开展的志愿服务场次与法律援助件次
-- 粒度：每支队伍一行（有服务记录的）
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市), $since (date)：自该日起（含）
with
events as (
    select team_id, 'volunteer_sessions' as service from volunteer_sessions
    where snapshot_date = $snapshot_date and held_on >= $since
    union all
    select team_id, 'legal_aid_cases' from legal_aid_cases
    where snapshot_date = $snapshot_date and handled_on >= $since
)
select
    t.team_id,
    t.team_name,
    t.team_kind,
    t.district_code,
    d.district_name,
    count(*) filter (where e.service = 'volunteer_sessions') as volunteer_sessions,
    count(*) filter (where e.service = 'legal_aid_cases') as legal_aid_cases
from events as e
join volunteer_teams as t on t.team_id = e.team_id and t.snapshot_date = $snapshot_date
join districts as d on d.district_code = t.district_code and d.snapshot_date = $snapshot_date
where $district_code::varchar is null or t.district_code = $district_code::varchar
group by all
order by volunteer_sessions + legal_aid_cases desc, t.team_id
