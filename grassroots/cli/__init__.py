"""The one command line, `python -m grassroots <command>`, in click. Every command and option has
help and a runnable example (tests/test_cli.py parses every example and checks that each option
appears in one). Library modules hold no command-line code: each file here turns arguments into
one call of the room that does the work, and its outcome into lines and an exit code.

refresh    validate one week of district reports and publish a snapshot (refresh.py is this command)
accounts   the local sign-in accounts and their roles
audit      the audit log's hash chain against its anchors
brief      the weekly brief of a snapshot, as PDF and Excel
demo       demo data, published through the real refresh
figures    the definitions version of the stored figures, and recomputing them after a change
push       the week's brief to mail and work-chat groups (send, retry), with an outbox
alerts     the alert rules (catalogue/alerts.toml), checked at the deadline and pushed once
"""

from __future__ import annotations

import click

from grassroots.cli.accounts import accounts
from grassroots.cli.audit import audit_group
from grassroots.cli.brief import brief
from grassroots.cli.common import CONTEXT, examples
from grassroots.cli.demo import demo
from grassroots.cli.figures import figures
from grassroots.cli.push import alerts_group, push_group
from grassroots.cli.refresh import refresh


@click.group(context_settings=CONTEXT, epilog=examples(
    "python -m grassroots refresh --help", "python -m grassroots accounts list",
    "python -m grassroots audit verify", "python -m grassroots brief --as-of 2026-11-20",
    "python -m grassroots demo --inboxes-only", "python -m grassroots figures version",
    "python -m grassroots push retry", "python -m grassroots alerts check"))
def main() -> None:
    """呼和浩特市“减负赋能”基层治理看板的命令行 / the dashboard's command line."""


for command in (refresh, accounts, audit_group, brief, demo, figures, push_group, alerts_group):
    main.add_command(command)
