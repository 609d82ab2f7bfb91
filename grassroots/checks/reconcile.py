"""Reconciliation: each published figure beside the value the snapshot gives."""

from __future__ import annotations

import polars as pl


def reconciliation(published: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """published: figure_id, published_value, …; values: figure_id, value (one snapshot)."""
    return (
        published.join(values.select("figure_id", pl.col("value").alias("snapshot_value")), on="figure_id", how="left")
        .with_columns(matches=(pl.col("snapshot_value") - pl.col("published_value")).abs().fill_null(1) < 1e-9)
    )
