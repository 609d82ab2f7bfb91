-- 共用的计算口径（DuckDB 宏）：每个公式只在这里写一次
-- per_10k：每万人比值，保留一位小数；分母为 0 时为空
create macro per_10k(part, whole) as round(part * 10000 / nullif(whole, 0), 1);
-- share_pct：占比（%），保留一位小数；分母为 0 时为空
create macro share_pct(part, whole) as round(100 * part / nullif(whole, 0), 1);
-- week_ending：日期所在周的周五（报送截止日），周六、周日计入下一周
create macro week_ending(day) as (day + ((5 - isodow(day) + 7) % 7)::integer)::date;
