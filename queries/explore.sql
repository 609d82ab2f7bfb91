-- 数据探索：任一数据集按一至两个维度分组汇总（维度、指标、汇总方式均为参数，取值来自固定目录）
-- 粒度：dim1 × dim2
-- 行来自 staging/stg_explore_facts.sql（各数据集的统一长表）。
-- 参数：$dataset, $measure, $dim1, $dim2 (varchar; $dim2 可为 'none'), $lang ('zh' | 'en'),
--       $snapshot_from, $snapshot_to (date), $date_from, $date_to (date, null = 不限),
--       $districts, $streets, $categories (varchar[], null = 全部)
with
filtered as (
    select f.*
    from stg_explore_facts as f
    where f.dataset = $dataset
      and f.measure = $measure
      and f.snapshot_date between $snapshot_from and $snapshot_to
      and ($date_from::date is null or f.event_date >= $date_from::date)
      and ($date_to::date is null or f.event_date <= $date_to::date)
      and ($districts::varchar[] is null or list_contains($districts::varchar[], f.district_code))
      and ($streets::varchar[] is null or list_contains($streets::varchar[], f.street_name))
      and ($categories::varchar[] is null or list_contains($categories::varchar[], f.category))
),
labelled as (
    -- every dimension a user may group by, under its catalogue key (macro explore_dim, staging/macros.sql)
    select
        explore_dim($dim1, $lang, district_name, district_name_en, street_name, unit_name, category, subcategory,
                    event_date, snapshot_date) as dim1,
        coalesce(explore_dim($dim2, $lang, district_name, district_name_en, street_name, unit_name, category,
                             subcategory, event_date, snapshot_date), '') as dim2,
        case when $dim1 = 'district' then coalesce(display_order, 0) else 0 end as sort_key,
        amount
    from filtered
),
final as (
    select
        dim1,
        dim2,
        sum(amount) as total,
        avg(amount) as mean,
        min(amount) as minimum,
        max(amount) as maximum,
        count(*) as rows,
        min(sort_key) as sort_key
    from labelled
    group by dim1, dim2
)
select dim1, dim2, total, mean, minimum, maximum, rows from final
order by sort_key, dim1, dim2
