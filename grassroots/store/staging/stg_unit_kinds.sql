-- 本期治理单元及其计数口径：是否算作街道、社区、行政村（口径在 grassroots/catalogue/definitions.py 声明一次，经宏取用）
-- 粒度：每个单位一行
select
    *,
    is_street(unit_level, status) as is_street,
    is_town(unit_level, status) as is_town,
    is_community(unit_level, status) as is_community,
    is_village(unit_level, status) as is_village
from units
