-- 公开报道中的数字（随快照发布的参照表），用于核对
-- 粒度：每个公开数字一行
-- 参数：$snapshot_date (date)
select
    id as figure_id,
    area,
    indicator_zh,
    indicator_en,
    value as published_value,
    unit,
    note
from published_figures
where snapshot_date = $snapshot_date
order by area, id
