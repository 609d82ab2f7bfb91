-- 共用的计算口径（DuckDB 宏）：每个公式只在这里写一次
-- per_10k：每万人比值，保留一位小数；分母为 0 时为空
create macro per_10k(part, whole) as round(part * 10000 / nullif(whole, 0), 1);
-- share_pct：占比（%），保留一位小数；分母为 0 时为空
create macro share_pct(part, whole) as round(100 * part / nullif(whole, 0), 1);
-- week_ending：日期所在周的周五（报送截止日），周六、周日计入下一周
create macro week_ending(day) as (day + ((5 - isodow(day) + 7) % 7)::integer)::date;
-- rises：本周合计比上周高出 pct % 以上（观察点标红的规则；上周无数据时为否）
create macro rises(now, before, pct) as coalesce(now > (1 + pct / 100) * before, false);
-- explore_dim：数据探索的分组维度，按目录键（grassroots/catalogue/explore.py 的 DIMENSIONS）取一行的值。
-- 只计算所选的一个维度（此前每行先建一个含全部维度的 map，10 万行要 1 秒）。
create macro explore_dim(key, lang, district_name, district_name_en, street_name, unit_name, category, subcategory,
                         event_date, snapshot_date) as
    case key
        when 'district' then coalesce(case when lang = 'en' then district_name_en else district_name end,
                                      case when lang = 'en' then 'Whole city' else '全市' end)
        when 'street' then coalesce(street_name, '—')
        when 'unit' then coalesce(unit_name, '—')
        when 'category' then coalesce(category, '—')
        when 'subcategory' then coalesce(subcategory, '—')
        when 'week' then strftime(week_ending(event_date), '%Y-%m-%d')
        when 'month' then strftime(event_date, '%Y-%m')
        when 'snapshot' then strftime(snapshot_date, '%Y-%m-%d')
    end;
-- in_scope：范围筛选（页面查询的旗县区参数：为空 = 全市，否则只留该旗县区）
create macro in_scope(code, wanted) as (wanted::varchar is null or code = wanted::varchar);
-- for_scope：指标行的范围（指标按范围各存一行：旗县区参数为空取全市那一行，即 district_code 为空的行）
create macro for_scope(code, wanted) as (code is not distinct from wanted::varchar);
-- sessions_count / legal_aid_count：服务量的计数口径（stg_service_events 的 service 列），各服务量查询共用
create macro sessions_count(service) as count(*) filter (where service = 'volunteer_sessions');
create macro legal_aid_count(service) as count(*) filter (where service = 'legal_aid_cases');
