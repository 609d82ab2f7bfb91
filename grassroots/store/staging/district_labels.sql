-- 旗县区的显示名称与排序：每个带旗县区的视图都从这里取，连接（using district_code）只写这一种
-- 粒度：每个旗县区一行
select district_code, district_name, district_name_en, district_short, district_short_en, display_order
from districts
