"""The data layer: one named query per .sql file in this folder, run by queries.db.run()."""

from queries.db import run, snapshot_list

__all__ = ["run", "snapshot_list"]
