"""The snapshot store: data/snapshots/<as-of>/ with one Parquet file per table and a manifest.

A snapshot is written whole into a staging folder beside the published ones and renamed into
place, so a reader sees either the old set of snapshots or the new one, never half a snapshot.
Published snapshots are immutable; only `force` replaces one. Folders whose name is not a date
or that lack a manifest (staging leftovers of a killed run) are never listed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
REF_DIR = REPO / "data" / "ref"
MANIFEST = "manifest.json"


def data_dir() -> Path:
    """Where snapshots live: $GRASSROOTS_DATA_DIR, or data/ in the repo."""
    return Path(os.environ.get("GRASSROOTS_DATA_DIR", REPO / "data"))


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.date
    path: Path
    manifest: dict

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo"))

    def table_path(self, name: str) -> Path:
        return self.path / f"{name}.parquet"


def snapshots_root(base: Path | None = None) -> Path:
    return (base or data_dir()) / "snapshots"


# Parsed manifests by (path, mtime, size): listing runs on every query and page view, and with
# hundreds of snapshots re-reading every manifest.json each time would dominate.
_manifests: dict[tuple, dict] = {}


def _manifest(path: Path) -> dict | None:
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _manifests:
        try:
            _manifests[key] = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
    return _manifests[key]


def list_snapshots(base: Path | None = None) -> list[Snapshot]:
    root = snapshots_root(base)
    if not root.is_dir():
        return []
    out = []
    for path in root.iterdir():
        try:
            as_of = dt.date.fromisoformat(path.name)
        except ValueError:
            continue
        manifest = _manifest(path / MANIFEST)
        if manifest is not None:
            out.append(Snapshot(as_of, path, manifest))
    return sorted(out, key=lambda s: s.as_of)


def previous_snapshot(as_of: dt.date, base: Path | None = None) -> Snapshot | None:
    earlier = [s for s in list_snapshots(base) if s.as_of < as_of]
    return earlier[-1] if earlier else None


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(as_of: dt.date, frames: dict[str, pl.DataFrame], manifest: dict, *,
            base: Path | None = None, force: bool = False) -> Path:
    """Write every table and the manifest, then move the folder into place in one rename."""
    root = snapshots_root(base)
    root.mkdir(parents=True, exist_ok=True)
    target = root / as_of.isoformat()
    if target.exists() and not force:
        raise FileExistsError(target)
    staging = root / f".staging-{as_of.isoformat()}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    checksums, row_counts = {}, {}
    for name, frame in sorted(frames.items()):
        out = staging / f"{name}.parquet"
        frame.with_columns(pl.lit(as_of).alias("snapshot_date")).write_parquet(out, statistics=True)
        with out.open("rb") as f:
            os.fsync(f.fileno())
        checksums[f"{name}.parquet"] = sha256(out)
        row_counts[name] = frame.height
    manifest = {**manifest, "as_of": as_of.isoformat(), "row_counts": row_counts, "checksums": checksums}
    with (staging / MANIFEST).open("w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(staging)
    if target.exists():  # force: move the old one aside first, then swap
        trash = root / f".replaced-{as_of.isoformat()}-{os.getpid()}"
        os.rename(target, trash)
        os.rename(staging, target)
        shutil.rmtree(trash)
    else:
        os.rename(staging, target)
    _fsync_dir(root)
    return target


def verify(snapshot: Snapshot) -> list[str]:
    """Files whose checksum differs from the manifest (or that are missing)."""
    bad = []
    for fname, digest in snapshot.manifest.get("checksums", {}).items():
        path = snapshot.path / fname
        if not path.is_file() or sha256(path) != digest:
            bad.append(fname)
    return bad
