-- 任务书完成进度的每周走势
-- 粒度：每期快照一行
-- 参数：$to_date (date)
select
    snapshot_date,
    count(*) as tasks,
    count(*) filter (where status = 'done') as done,
    count(*) filter (where status = 'in_progress') as in_progress,
    count(*) filter (where status = 'not_started') as not_started
from task_book
where snapshot_date <= $to_date
group by snapshot_date
order by snapshot_date
