-- 任务书及其完成口径（“已完成”在 grassroots/catalogue/definitions.py 声明一次，经宏取用）
-- 粒度：每项任务一行
select *, is_done(status) as is_done from task_book
