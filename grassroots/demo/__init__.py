"""The demo data: a deterministic world of real divisions and invented weeks, written as the
districts' report files and published through the real refresh (示例数据).

world.py  the places, the published targets they must reproduce, and the shared random draws
week.py   one week of that world as each report's rows
build.py  the rows as files the way districts send them (GBK CSV, BOM CSV, Excel, one file per
          district), and the publishing of every missing week

The room's interface is re-exported here: `from grassroots import demo`.
"""

from grassroots.demo.build import build, iter_inboxes, report_bytes, write_inbox, write_inboxes
from grassroots.demo.week import AS_OF_DATES, REVISED, WEEKS, week_reports
from grassroots.demo.world import APPROVAL_WEEK, MAX_WEEKS, World

__all__ = ["APPROVAL_WEEK", "AS_OF_DATES", "MAX_WEEKS", "REVISED", "WEEKS", "World", "build", "iter_inboxes",
           "report_bytes", "write_inbox", "write_inboxes", "week_reports"]
