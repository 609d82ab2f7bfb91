"""What the SQL box's tests share: the latest demo snapshot, and a query whose answer is known."""

from __future__ import annotations

import pytest

from grassroots.sandbox.sql import run_sql
from queries import db
from tests.conftest import LAST

COUNT = "select count(*) as n from legal_aid_cases"


@pytest.fixture(scope="module")
def latest(demo_base):
    snapshot = db.snapshot_list(demo_base)[-1]
    assert snapshot.as_of == LAST
    return snapshot


def still_works(snapshot):
    """The box still answers a fair query right (after whatever the test threw at it)."""
    assert run_sql(COUNT, snapshot).frame["n"].to_list() == [1529]
