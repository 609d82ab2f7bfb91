"""Recomputing the stored figures of every snapshot after a definition changes.

Figures are computed once, when a week is published, by the staging SQL of that publish, and
stored with it (history/figures.parquet); every page and the weekly change read them from there,
so a week is only ever compared with a week computed the same way. When a definition changes (a
staging view, a macro, a declaration of catalogue/definitions.py), this recomputes every
snapshot's figures, oldest first, with today's definitions: each snapshot is copied (its tables
hard-linked, never rewritten), given the new figures history and a manifest naming the new
definitions version, and swapped into place atomically, under the refresh lock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import polars as pl

from grassroots.catalogue.tables import HISTORY_DIR
from grassroots.store import snapshots, warehouse


def recompute(base: Path, progress: Callable[[str], None] = lambda _: None) -> list[dt.date]:
    """Recompute and store the figures of every published snapshot; returns their dates.
    Raises ValueError naming a damaged snapshot (nothing is recomputed then)."""
    version = warehouse.definitions_version()
    done: list[dt.date] = []
    with snapshots.refresh_lock(base):
        listed = [snapshots.verified(s) for s in snapshots.list_snapshots(base)]
        damaged = [s.as_of.isoformat() for s in listed if s.damaged]
        if damaged:
            raise ValueError(f"快照已损坏，先用 refresh.py --force 重新发布：{'、'.join(damaged)}")
        history: pl.DataFrame | None = None
        for snap in listed:
            week = warehouse.figures([snap.path])
            history = week if history is None else pl.concat([history, week], how="vertical_relaxed")
            staged = snapshots.restage(snap, {f"{HISTORY_DIR}/figures.parquet":
                                              history.sort("snapshot_date", "figure_id", "district_code")})
            manifest = {**snap.manifest, "figures": {
                "definitions": version,
                "recomputed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}}
            snapshots.commit(staged, manifest, base=base, force=True)
            progress(f"已重算 {snap.as_of} 的指标（口径版本 {version}）")
            done.append(snap.as_of)
    return done
