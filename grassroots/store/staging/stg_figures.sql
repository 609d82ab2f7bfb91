-- 指标：公开报道中的全部数字及由其推算的比例，每个快照、每个范围一行
-- 粒度：snapshot_date × district_code（为空 = 全市）× figure_id
-- 市级指标（执法事项、事务清单、任务书）没有分区口径：旗县区范围内也取全市数，city_only = true。
-- 旗县区没有相关记录时不出现该指标（页面显示“—”），不补 0。
with
by_scope as (
    unpivot (
        select
            snapshot_date, district_code,
            sum(streets_before)::double as streets_baseline,
            sum(streets_planned)::double as streets_target,
            count(*) filter (where plan_status = 'approved')::double as districts_plan_approved,
            sum(posts_moved_down)::double as staff_posts_moved_down
        from district_restructuring
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date, district_code,
            count(*) filter (where unit_level = 'street')::double as streets_now,
            count(*) filter (where unit_level = 'community')::double as communities,
            count(*) filter (where unit_level = 'community' and has_affairs_list)::double as communities_with_list,
            count(*) filter (where unit_level = 'village' and has_affairs_list)::double as villages_with_list
        from units
        where status = 'active'
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    select snapshot_date, district_code, 'grids', count(*)::double
    from grids
    group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    union all
    unpivot (
        select
            snapshot_date, district_code,
            sum(signs_removed)::double as signs_removed,
            sum(wall_rules_removed)::double as wall_rules_removed
        from signage_cleanup
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    select snapshot_date, district_code, 'observation_points', count(*)::double
    from observation_points
    group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    union all
    select snapshot_date, district_code, 'negative_cases_notified', count(*)::double
    from negative_cases
    group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    union all
    unpivot (
        select
            snapshot_date, district_code,
            sum(recruits) filter (where channel = 'graduate_exam')::double as graduates_recruited_4y,
            sum(recruits) filter (where channel = 'masters_city_post')::double as masters_specialists
        from recruitment
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date, district_code,
            sum(community_staff_total)::double as community_staff_total,
            sum(community_workers)::double as community_workers,
            per_10k(sum(community_workers), sum(urban_residents)) as workers_per_10k_urban,
            sum(in_two_committees)::double as workers_in_two_committees,
            share_pct(sum(in_two_committees), sum(recruited_workers)) as workers_two_committees_pct,
            sum(heads)::double as workers_heads,
            share_pct(sum(heads), sum(head_posts)) as workers_heads_pct,
            sum(civil_servants_targeted)::double as civil_servants_targeted,
            sum(institution_staff_targeted)::double as institution_staff_targeted,
            sum(deputy_section_promotions)::double as deputy_section_promotions
        from workforce
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date, district_code,
            sum(party_service_centres)::double as party_service_centres,
            sum(red_bee_stations)::double as red_bee_stations,
            sum(mobile_party_stations)::double as mobile_party_branch_stations,
            sum(couriers_served)::double as couriers_served,
            sum(new_employment_grid_members)::double as new_employment_grid_members
        from service_sites
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date, district_code,
            count(*) filter (where team_kind = 'corps')::double as women_volunteer_corps,
            count(*) filter (where team_kind = 'team')::double as women_volunteer_teams
        from volunteer_teams
        group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    ) on columns(* exclude (snapshot_date, district_code)) into name figure_id value value
    union all
    select snapshot_date, district_code, 'volunteer_sessions', count(*)::double
    from volunteer_sessions
    group by grouping sets ((snapshot_date, district_code), (snapshot_date))
    union all
    select snapshot_date, district_code, 'legal_aid_cases', count(*)::double
    from legal_aid_cases
    group by grouping sets ((snapshot_date, district_code), (snapshot_date))
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
            count(*) filter (where status = 'done')::double as task_book_done,
            count(distinct lead_unit)::double as task_book_units
        from task_book
        group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
),
scopes as (
    select snapshot_date, district_code from districts
    union all
    select distinct snapshot_date, null::varchar from districts
),
final as (
    select snapshot_date, district_code, figure_id, value, false as city_only from by_scope
    union all
    select s.snapshot_date, s.district_code, c.figure_id, c.value, true as city_only
    from city_only as c
    join scopes as s on s.snapshot_date = c.snapshot_date
)
select * from final
