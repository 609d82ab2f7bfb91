-- 某街道（镇）下辖的社区、村及其网格数
-- 粒度：每个社区或村一行
-- 参数：$snapshot_date (date), $street_code (varchar)
with
grid_counts as (
    select community_code, count(*) as grids, sum(compounds) as compounds
    from grids
    where snapshot_date = $snapshot_date
    group by community_code
)
select
    u.unit_code,
    u.unit_name,
    u.unit_level,
    u.has_affairs_list,
    u.is_demo_invented,
    coalesce(g.grids, 0)::bigint as grids,
    coalesce(g.compounds, 0)::bigint as compounds
from units as u
left join grid_counts as g on g.community_code = u.unit_code
where u.snapshot_date = $snapshot_date
  and u.parent_code = $street_code
order by u.unit_level, u.unit_code
