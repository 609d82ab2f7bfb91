-- 旗县区名录：代码、中英文名、简称、类型、排序
-- 粒度：每个旗县区一行
select * from districts order by display_order
