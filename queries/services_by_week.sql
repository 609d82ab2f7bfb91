-- 志愿服务场次与法律援助件次，按周（周五为周末）与旗县区
-- 粒度：周 × 旗县区 × 服务类别
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
with
events as (
    select 'volunteer_sessions' as service, held_on as happened_on, district_code
    from volunteer_sessions
    where snapshot_date = $snapshot_date
    union all
    select 'legal_aid_cases', handled_on, district_code
    from legal_aid_cases
    where snapshot_date = $snapshot_date
),
final as (
    select
        (happened_on + ((5 - isodow(happened_on) + 7) % 7)::integer)::date as week_ending,
        e.district_code,
        d.district_name,
        d.district_name_en,
        e.service,
        count(*) as services
    from events as e
    join districts as d on d.district_code = e.district_code and d.snapshot_date = $snapshot_date
    where $district_code::varchar is null or e.district_code = $district_code::varchar
    group by all
)
select * from final
order by week_ending, district_code, service
