-- 本期治理单元名录：每个单位带上级单位名称、旗县区名称，社区带网格数与覆盖小区数
-- 粒度：每个单位一行（街道、镇、社区、行政村）
with
grid_counts as (
    select community_code as unit_code, count(*) as grids, sum(compounds) as compounds
    from grids
    group by community_code
)
select
    u.*,
    coalesce(g.grids, 0)::bigint as grids,
    coalesce(g.compounds, 0)::bigint as compounds,
    d.* exclude (district_code)
from stg_unit_names as u
join district_labels as d using (district_code)
left join grid_counts as g using (unit_code)
