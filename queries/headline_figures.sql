-- 总览指标：本期各指标，及其在上一期的数值；两期都取发布时存档的数（figures_history），同一口径相比
-- 粒度：每个指标一行
-- 参数：$snapshot_date (date), $district_code (varchar, null = 全市)
-- 指标在发布时由 grassroots/store/staging/stg_figures.sql 算出并随快照存档；口径改变后由
-- python -m grassroots figures recompute 重算全部历史。市级指标在旗县区范围内仍为全市数（city_only）。
with
previous_week as (
    select max(snapshot_date) as snapshot_date from figures_history where snapshot_date < $snapshot_date
),
this_week as (
    select figure_id, value, city_only from figures_history
    where snapshot_date = $snapshot_date and for_scope(district_code, $district_code)
),
last_week as (
    select h.figure_id, h.value, h.snapshot_date
    from figures_history as h
    join previous_week as p using (snapshot_date)
    where for_scope(h.district_code, $district_code)
)
select
    coalesce(t.figure_id, l.figure_id) as figure_id,
    t.value,
    l.value as value_before,
    (select snapshot_date from previous_week) as before_date,
    coalesce(t.city_only, false) as city_only
from this_week as t
full join last_week as l using (figure_id)
order by figure_id
