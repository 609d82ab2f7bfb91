-- 旗县区名录：代码、中英文名、简称、排序
-- 粒度：每个旗县区一行
select
    district_code,
    district_name,
    district_name_en,
    district_short,
    district_short_en,
    unit_type,
    display_order
from districts
order by display_order
