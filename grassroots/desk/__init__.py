"""The data desk (数据报送), with no Streamlit inside: districts hand in the week's files through the
app, each checked at once by the refresh's own rules in a worker process; the city clerk sees who
is missing and publishes through the same refresh and lock as `refresh.py`.

places.py   the due Friday, the week's inbox and history, slots and file names, district names
week.py     a week's check on a scratch copy, with last week's rows standing in for missing reports
upload.py   what a file is, the gate, the check in a worker (worker.py), the inbox write
board.py    every slot's state, the page's tables, publishing and its audit rows
loop.py     acting in the district loop: rights (catalogue/loop.toml), versions, the audit rows
review.py   each district's week submitted, approved or returned; publishing with carry-over
tasks.py    督办 tasks: flagged, answered, closed by the next week's figures or by hand
league.py   红黑榜: districts ranked weekly by the rules of catalogue/league.toml

The room's interface is re-exported here, so callers write `desk.hand_in(...)`, `desk.board(...)`.
"""

from grassroots.desk.board import (Cell, accept_choices, board, board_frame, problem_frame, publish, receipts,
                                   record_publish)
from grassroots.desk.places import (CITY_REPORTS, DEFAULT_MAX_MB, DISTRICT_REPORTS, district_codes, district_names,
                                    due_date, history_dir, inbox_root, may_hand_in, open_weeks, present, report_label,
                                    reports_for, slot_name, template, week_inbox)
from grassroots.desk.upload import (UPLOAD_TIMEOUT_S, UPLOADS, HandIn, check_upload, content_kind, gate, hand_in,
                                    looks_like, unzipped_cap, upload_pool)
from grassroots.desk.week import WeekCheck, cell_text, check_week, concerns, week_check_from_json, week_check_json, week_status

__all__ = ["CITY_REPORTS", "DEFAULT_MAX_MB", "DISTRICT_REPORTS", "UPLOADS", "UPLOAD_TIMEOUT_S", "Cell", "HandIn",
           "WeekCheck", "accept_choices", "board", "board_frame", "cell_text", "check_upload", "check_week", "concerns",
           "content_kind", "district_codes", "district_names", "due_date", "gate", "hand_in", "history_dir",
           "inbox_root", "looks_like", "may_hand_in", "open_weeks", "present", "problem_frame", "publish", "receipts",
           "record_publish", "report_label", "reports_for", "slot_name", "template", "unzipped_cap", "upload_pool",
           "week_check_from_json", "week_check_json", "week_inbox", "week_status"]
