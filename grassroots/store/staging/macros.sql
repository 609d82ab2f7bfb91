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
