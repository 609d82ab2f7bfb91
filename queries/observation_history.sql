-- 一个观察点各项负担指标的逐周数值（长表），最近 $weeks 周
-- 粒度：周 × 指标
-- 参数：$point_id (varchar), $weeks (integer), $district_code (varchar, null = 全市；观察点须在该旗县区)
select week_ending, indicator, amount
from (
    unpivot (
        select week_ending, tasks_pushed_down, forms_ledgers, certificates, meetings, work_chat_groups, inspections
        from stg_observation_weeks
        where point_id = $point_id
          and in_scope(district_code, $district_code)
          and week_ending > (select max(week_ending) from stg_observation_weeks where point_id = $point_id)
                            - 7 * $weeks::integer
    )
    on tasks_pushed_down, forms_ledgers, certificates, meetings, work_chat_groups, inspections
    into name indicator value amount
)
order by indicator, week_ending
