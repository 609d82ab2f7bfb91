"""Push: the week's brief and the alerts go to the leaders' mail and work-chat groups after a
publish, never twice and never lost.

config.py    the [push] section of the secrets file: SMTP, recipients (kind, address or webhook,
             secret, district, language), the overview's address, attempts and backoff
outbox.py    the outbox (SQLite WAL, grassroots/store/statedb.py): one row per idempotency key
             (week × recipient × channel × subject), its state, attempts, next try and last error
compose.py   what a recipient receives: 本周要情, the headline figures with status and change, the
             link to the overview at that snapshot; the PDF brief for mail; the 示例数据 mark
channels.py  mail over SMTP (SSL or STARTTLS), the 企业微信 and 钉钉 group robots
alerts.py    预警: the rules of catalogue/alerts.toml evaluated on a snapshot or at a deadline
deliver.py   enqueue after a publish, send what is due with backoff, resend on request; audited

A failing push never fails or undoes a publish: it is a row of the outbox with its error, retried
by `python -m grassroots push retry` (deploy/systemd/grassroots-push.timer) and shown on the desk.
"""
