"""The data layer: one named query per .sql file in this folder, run by queries.db.run()."""

from grassroots.access.scope import CITY, Scope, ScopeError
from queries.db import run, snapshot_list

__all__ = ["CITY", "Scope", "ScopeError", "run", "snapshot_list"]
