"""The store: published snapshots and the state people write.

pipeline.py      the weekly refresh: one inbox in, one checked snapshot out under the lock, or nothing
snapshots.py     data/snapshots/<as-of>/: Parquet per table, the manifest, checksums, the atomic swap
warehouse.py     DuckDB over a snapshot (views per table, its history, the staging SQL in staging/)
staging/         the SQL every figure is computed by, at publish (stg_figures.sql), with its macros
explore_facts.py the exploration's long table, generated from the catalogue
recompute.py     re-storing every week's figures after a definition changes
statedb.py       SQLite (WAL) files for what people write: sessions, the audit log
"""
