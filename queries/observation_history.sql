-- 观察点各周负担指标（长表，供小图与单点详情）
-- 粒度：观察点 × 周 × 指标
-- 参数：$snapshot_date (date), $point_id (varchar, null = 全部观察点)
with
weekly as (
    select * from observation_weekly
    where snapshot_date = $snapshot_date
      and ($point_id::varchar is null or point_id = $point_id::varchar)
)
unpivot weekly
on tasks_pushed_down, forms_ledgers, certificates, meetings, work_chat_groups, inspections
into name indicator value amount
