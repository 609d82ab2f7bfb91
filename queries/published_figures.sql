-- 公开报道中的数字（随快照发布的参照表），用于核对
-- 粒度：每个公开数字一行
select
    id as figure_id,
    area,
    indicator_zh,
    indicator_en,
    value as published_value,
    unit,
    note
from published_figures
order by area, id
