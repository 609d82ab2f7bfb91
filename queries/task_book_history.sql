-- 任务书完成进度的逐周走势
-- 粒度：每期一行
select
    snapshot_date,
    count(*) as tasks,
    count(*) filter (where is_done(status)) as done,
    count(*) filter (where status = 'in_progress') as in_progress,
    count(*) filter (where status = 'not_started') as not_started
from task_book_history
group by snapshot_date
order by snapshot_date
