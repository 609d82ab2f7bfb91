-- 任务书按牵头单位：任务数、已完成、未完成、逾期未完成
-- 粒度：每个牵头单位一行
-- 参数：$snapshot_date (date)：逾期以本期截止日计
select
    lead_unit,
    count(*) as tasks,
    count(*) filter (where is_done) as done,
    count(*) filter (where not is_done) as remaining,
    count(*) filter (where not is_done and due_on < $snapshot_date) as overdue
from stg_task_book
group by lead_unit
order by tasks desc, done desc, lead_unit
