"""呼和浩特市 "减负赋能" grassroots-governance dashboard: everything but the Streamlit pages.

Rooms by job, each depending only on the rooms before it (tests/test_layers.py reads every import
and every file read at runtime and fails on an edge pointing back up):

    catalogue  what every table, column, figure, unit, rule and page is called and means
    intake     district files (CSV in any encoding, Excel) into typed rows that keep their origin
    checks     the rules a week's rows must keep, each broken one a problem (catalogue/rules/)
    store      the refresh that publishes snapshots, the snapshots, the stored figures, state files
    access     accounts, sessions, the district scope policy, the audit log
    sandbox    killable worker processes: the SQL box, upload checks
    queries/   (top level) one SQL file per question the pages ask, run through queries/db.py
    desk       districts' hand-ins, the board and publishing, without Streamlit
    outputs    downloads, the weekly brief and its 本周要情, small-cell suppression, escaping
    push       the brief and alerts to mail and work-chat robots after a publish, through an outbox
    demo       the demo world, written as district files and published through the refresh
    cli        `python -m grassroots …`: the one command line

Above them, app/ (Streamlit pieces) and views/ (the pages); dashboard.py and serve.py start them.
"""
