-- 指标：公开报道中的全部数字及由其推算的比例，每个快照、每个范围一行
-- 粒度：snapshot_date × district_code（为空 = 全市）× figure_id
-- 每行报表对各加总指标的贡献（计数即每行的 1）只写一次，再一次分组得到各旗县区与全市；比例由同一范围的部分算出。
-- 计数口径取 staging 的定义：社区、街道、清单见 stg_units（is_counted），已完成见 stg_task_book（is_done）。
-- 市级指标（执法事项、事务清单、任务书）没有分区口径：旗县区范围内也取全市数，city_only = true。
-- 旗县区没有相关记录时不出现该指标（页面显示“—”），不补 0。以 part_ 开头的是比例的分子分母，不是指标。
with
row_values as (  -- every report row's contribution to each additive figure (a count is a row's 1)
    unpivot (select snapshot_date, district_code, streets_before::double as streets_baseline,
                    streets_planned::double as streets_target, (plan_status = 'approved')::double as districts_plan_approved,
                    posts_moved_down::double as staff_posts_moved_down from district_restructuring)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code, is_street::double as streets_now, is_community::double as communities,
                    (is_community and has_affairs_list)::double as communities_with_list,
                    (is_village and has_affairs_list)::double as villages_with_list from stg_unit_kinds)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code, signs_removed::double as signs_removed,
                    wall_rules_removed::double as wall_rules_removed from signage_cleanup)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code,
                    case when channel = 'graduate_exam' then recruits end::double as graduates_recruited_4y,
                    case when channel = 'masters_city_post' then recruits end::double as masters_specialists from recruitment)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code, community_staff_total::double as community_staff_total,
                    community_workers::double as community_workers, urban_residents::double as part_urban_residents,
                    in_two_committees::double as workers_in_two_committees,
                    recruited_workers::double as part_recruited_workers, heads::double as workers_heads,
                    head_posts::double as part_head_posts, civil_servants_targeted::double as civil_servants_targeted,
                    institution_staff_targeted::double as institution_staff_targeted,
                    deputy_section_promotions::double as deputy_section_promotions from workforce)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code, party_service_centres::double as party_service_centres,
                    red_bee_stations::double as red_bee_stations,
                    mobile_party_stations::double as mobile_party_branch_stations,
                    couriers_served::double as couriers_served,
                    new_employment_grid_members::double as new_employment_grid_members from service_sites)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (select snapshot_date, district_code, (team_kind = 'corps')::double as women_volunteer_corps,
                    (team_kind = 'team')::double as women_volunteer_teams from volunteer_teams)
    on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    select snapshot_date, district_code, 'grids', 1.0 from grids
    union all
    select snapshot_date, district_code, 'observation_points', 1.0 from observation_points
    union all
    select snapshot_date, district_code, 'negative_cases_notified', 1.0 from negative_cases
    union all
    select snapshot_date, district_code, 'volunteer_sessions', 1.0 from volunteer_sessions
    union all
    select snapshot_date, district_code, 'legal_aid_cases', 1.0 from legal_aid_cases
),
parts as (  -- each district's sum, and the city's (the districts' sum): one grouping for every figure
    select snapshot_date, district_code, figure_id, sum(value) as value
    from row_values
    group by grouping sets ((snapshot_date, district_code, figure_id), (snapshot_date, figure_id))
),
ratios as (
    unpivot (
        select snapshot_date, district_code,
            per_10k(any_value(value) filter (where figure_id = 'community_workers'),
                    any_value(value) filter (where figure_id = 'part_urban_residents')) as workers_per_10k_urban,
            share_pct(any_value(value) filter (where figure_id = 'workers_in_two_committees'),
                      any_value(value) filter (where figure_id = 'part_recruited_workers')) as workers_two_committees_pct,
            share_pct(any_value(value) filter (where figure_id = 'workers_heads'),
                      any_value(value) filter (where figure_id = 'part_head_posts')) as workers_heads_pct
        from parts
        group by all
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
),
city_wide as (
    pivot (select snapshot_date, indicator_code, value from city_indicators)
    on indicator_code in ('enforcement_items_before', 'enforcement_items_after', 'guidance_catalogs',
                          'community_affairs_before', 'community_affairs_after',
                          'village_affairs_before', 'village_affairs_after')
    using any_value(value)
    group by snapshot_date
),
city_only as (
    unpivot (
        select
            snapshot_date,
            enforcement_items_before, enforcement_items_after, guidance_catalogs,
            community_affairs_before, community_affairs_after,
            village_affairs_before, village_affairs_after,
            share_pct(community_affairs_before - community_affairs_after, community_affairs_before)
                as community_affairs_reduction_pct,
            share_pct(village_affairs_before - village_affairs_after, village_affairs_before)
                as village_affairs_reduction_pct
        from city_wide
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date,
            count(*)::double as task_book_tasks,
            count(*) filter (where is_done)::double as task_book_done,
            count(distinct lead_unit)::double as task_book_units
        from stg_task_book
        group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
),
scopes as (
    select snapshot_date, district_code from districts
    union all
    select distinct snapshot_date, null::varchar from districts
),
final as (
    select snapshot_date, district_code, figure_id, value, false as city_only
    from parts
    where not starts_with(figure_id, 'part_')
    union all
    select snapshot_date, district_code, figure_id, value, false as city_only from ratios
    union all
    select s.snapshot_date, s.district_code, c.figure_id, c.value, true as city_only
    from city_only as c
    join scopes as s on s.snapshot_date = c.snapshot_date
)
select * from final
