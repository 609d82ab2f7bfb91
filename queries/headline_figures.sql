-- 总览指标：每个快照、每个指标一行（公开报道中的全部数字，及由其推算的比例）
-- 粒度：snapshot_date × figure_id
-- 参数：$from_date (date), $to_date (date), $district_code (varchar, null = 全市)
-- 市级指标（执法事项、事务清单、任务书）没有分区口径，选定旗县区时仍为全市数。
with
snap as (
    select $from_date::date as from_date, $to_date::date as to_date, $district_code::varchar as district
),
restructuring as (
    select r.* from district_restructuring r, snap
    where r.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or r.district_code = snap.district)
),
active_units as (
    select u.* from units u, snap
    where u.snapshot_date between snap.from_date and snap.to_date
      and u.status = 'active'
      and (snap.district is null or u.district_code = snap.district)
),
grid_rows as (
    select g.* from grids g, snap
    where g.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or g.district_code = snap.district)
),
city as (
    select c.snapshot_date, c.indicator_code, c.value from city_indicators c, snap
    where c.snapshot_date between snap.from_date and snap.to_date
),
city_wide as (
    select
        snapshot_date,
        any_value(value) filter (where indicator_code = 'enforcement_items_before') as enforcement_items_before,
        any_value(value) filter (where indicator_code = 'enforcement_items_after') as enforcement_items_after,
        any_value(value) filter (where indicator_code = 'guidance_catalogs') as guidance_catalogs,
        any_value(value) filter (where indicator_code = 'community_affairs_before') as community_affairs_before,
        any_value(value) filter (where indicator_code = 'community_affairs_after') as community_affairs_after,
        any_value(value) filter (where indicator_code = 'village_affairs_before') as village_affairs_before,
        any_value(value) filter (where indicator_code = 'village_affairs_after') as village_affairs_after
    from city group by snapshot_date
),
tasks as (
    select t.* from task_book t, snap
    where t.snapshot_date between snap.from_date and snap.to_date
),
signage as (
    select s.* from signage_cleanup s, snap
    where s.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or s.district_code = snap.district)
),
points as (
    select p.* from observation_points p, snap
    where p.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or p.district_code = snap.district)
),
cases as (
    select n.* from negative_cases n, snap
    where n.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or n.district_code = snap.district)
),
recruits as (
    select r.* from recruitment r, snap
    where r.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or r.district_code = snap.district)
),
staff as (
    select w.* from workforce w, snap
    where w.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or w.district_code = snap.district)
),
sites as (
    select s.* from service_sites s, snap
    where s.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or s.district_code = snap.district)
),
teams as (
    select t.* from volunteer_teams t, snap
    where t.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or t.district_code = snap.district)
),
sessions as (
    select s.* from volunteer_sessions s, snap
    where s.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or s.district_code = snap.district)
),
legal as (
    select l.* from legal_aid_cases l, snap
    where l.snapshot_date between snap.from_date and snap.to_date
      and (snap.district is null or l.district_code = snap.district)
),
figures as (
    unpivot (
        select
            snapshot_date,
            sum(streets_before)::double as streets_baseline,
            sum(streets_planned)::double as streets_target,
            count(*) filter (where plan_status = 'approved')::double as districts_plan_approved,
            sum(posts_moved_down)::double as staff_posts_moved_down
        from restructuring group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date,
            count(*) filter (where unit_level = 'street')::double as streets_now,
            count(*) filter (where unit_level = 'community')::double as communities,
            count(*) filter (where unit_level = 'community' and has_affairs_list)::double as communities_with_list,
            count(*) filter (where unit_level = 'village' and has_affairs_list)::double as villages_with_list
        from active_units group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    select snapshot_date, 'grids', count(*)::double from grid_rows group by snapshot_date
    union all
    unpivot (
        select
            snapshot_date,
            enforcement_items_before, enforcement_items_after, guidance_catalogs,
            community_affairs_before, community_affairs_after,
            village_affairs_before, village_affairs_after,
            round(100 * (community_affairs_before - community_affairs_after) / community_affairs_before, 1)
                as community_affairs_reduction_pct,
            round(100 * (village_affairs_before - village_affairs_after) / village_affairs_before, 1)
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
        from tasks group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select snapshot_date, sum(signs_removed)::double as signs_removed,
               sum(wall_rules_removed)::double as wall_rules_removed
        from signage group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    select snapshot_date, 'observation_points', count(*)::double from points group by snapshot_date
    union all
    select snapshot_date, 'negative_cases_notified', count(*)::double from cases group by snapshot_date
    union all
    unpivot (
        select
            snapshot_date,
            sum(recruits) filter (where channel = 'graduate_exam')::double as graduates_recruited_4y,
            sum(recruits) filter (where channel = 'masters_city_post')::double as masters_specialists
        from recruits group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date,
            sum(community_staff_total)::double as community_staff_total,
            sum(community_workers)::double as community_workers,
            round(sum(community_workers) * 10000 / nullif(sum(urban_residents), 0), 1) as workers_per_10k_urban,
            sum(in_two_committees)::double as workers_in_two_committees,
            round(100 * sum(in_two_committees) / nullif(sum(recruited_workers), 0), 1) as workers_two_committees_pct,
            sum(heads)::double as workers_heads,
            round(100 * sum(heads) / nullif(sum(head_posts), 0), 1) as workers_heads_pct,
            sum(civil_servants_targeted)::double as civil_servants_targeted,
            sum(institution_staff_targeted)::double as institution_staff_targeted,
            sum(deputy_section_promotions)::double as deputy_section_promotions
        from staff group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date,
            sum(party_service_centres)::double as party_service_centres,
            sum(red_bee_stations)::double as red_bee_stations,
            sum(mobile_party_stations)::double as mobile_party_branch_stations,
            sum(couriers_served)::double as couriers_served,
            sum(new_employment_grid_members)::double as new_employment_grid_members
        from sites group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    unpivot (
        select
            snapshot_date,
            count(*) filter (where team_kind = 'corps')::double as women_volunteer_corps,
            count(*) filter (where team_kind = 'team')::double as women_volunteer_teams
        from teams group by snapshot_date
    ) on columns(* exclude (snapshot_date)) into name figure_id value value
    union all
    select snapshot_date, 'volunteer_sessions', count(*)::double from sessions group by snapshot_date
    union all
    select snapshot_date, 'legal_aid_cases', count(*)::double from legal group by snapshot_date
),
final as (
    select snapshot_date, figure_id, value from figures
)
select * from final
order by snapshot_date, figure_id
