-- 街道、镇下辖社区、行政村与网格数
-- 粒度：每个街道或镇一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
with
parents as (
    select * from units
    where snapshot_date = $snapshot_date
      and unit_level in ('street', 'town') and status = 'active'
      and ($district_code::varchar is null or district_code = $district_code::varchar)
),
children as (
    select * from units
    where snapshot_date = $snapshot_date and unit_level in ('community', 'village')
),
grid_counts as (
    select community_code, count(*) as grids
    from grids
    where snapshot_date = $snapshot_date
    group by community_code
),
final as (
    select
        p.district_code,
        p.unit_code as street_code,
        p.unit_name as street_name,
        p.unit_level,
        count(c.unit_code) filter (where c.unit_level = 'community') as communities,
        count(c.unit_code) filter (where c.unit_level = 'village') as villages,
        coalesce(sum(g.grids), 0)::bigint as grids
    from parents as p
    left join children as c on c.parent_code = p.unit_code
    left join grid_counts as g on g.community_code = c.unit_code
    group by all
)
select * from final
order by district_code, street_code
