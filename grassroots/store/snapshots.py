"""The snapshot store: data/snapshots/<as-of>/ with one Parquet file per table and a manifest.

A snapshot is written whole into a staging folder beside the published ones and renamed into
place, so a reader sees either the old set of snapshots or the new one, never half a snapshot.
Replacing one (`force`) swaps the two folders in one atomic exchange where the kernel offers it.
Published snapshots are immutable. Only one refresh writes at a time (a lock file), and each
run first sweeps what a killed run left behind (`.staging-*`, `.replaced-*`).

Readers list only date-named folders with a manifest and check each against its manifest: a
Parquet file that is missing or truncated (listing: sizes), or fails its checksum (before a
snapshot is read or built upon: sha256, cached by the file's mtime and size, so a file is hashed
once per process unless it changes), marks the snapshot damaged.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from grassroots.catalogue.tables import HISTORY_DIR

REPO = Path(__file__).resolve().parents[2]
REF_DIR = REPO / "data" / "ref"
MANIFEST = "manifest.json"
LOCK = ".refresh.lock"  # in the data folder, beside snapshots/


def data_dir() -> Path:
    """Where snapshots live: $GRASSROOTS_DATA_DIR, or data/ in the repo."""
    return Path(os.environ.get("GRASSROOTS_DATA_DIR", REPO / "data"))


@dataclass(frozen=True)
class Snapshot:
    as_of: dt.date
    path: Path
    manifest: dict
    damaged: tuple[str, ...] = field(default=(), compare=False)  # files that fail the manifest
    stamp: tuple = field(default=(), compare=False)  # the manifest file's identity: changes with every publish

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo"))

    @property
    def ok(self) -> bool:
        return not self.damaged

    @property
    def definitions(self) -> str | None:
        """The definitions version its figures were stored by (warehouse.definitions_version); None
        when the manifest does not say."""
        return (self.manifest.get("figures") or {}).get("definitions")

    def table_path(self, name: str) -> Path:
        return self.path / f"{name}.parquet"

    def history_path(self, name: str) -> Path:
        """The week-by-week history of a table (or `figures`) up to this snapshot."""
        return self.path / HISTORY_DIR / f"{name}.parquet"

    @property
    def digest(self) -> str:
        """A short fingerprint of the snapshot's content (its manifest checksums)."""
        return _digest_of(self.manifest)


def _digest_of(manifest: dict) -> str:
    text = json.dumps(sorted(manifest.get("checksums", {}).items()))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def snapshots_root(base: Path | None = None) -> Path:
    return (base or data_dir()) / "snapshots"


# ------------------------------------------------------------------ reading
_cache_lock = threading.Lock()
_manifests: dict[tuple, dict | None] = {}  # (path, mtime, size) -> parsed manifest
_digests: dict[tuple, str] = {}  # (path, mtime, size) -> sha256


def _stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def _by_stat(cache: dict, path: Path, compute, key: tuple | None = None):
    """compute(path), remembered until the file's mtime, size or inode changes; None if unreadable.
    `key`: the file's _stat_key when the caller has just taken it (a page run stats each file once)."""
    key = key or _stat_key(path)
    if key is None:
        return None
    with _cache_lock:
        if key in cache:
            return cache[key]
    try:
        value = compute(path)
    except (OSError, ValueError):
        value = None
    with _cache_lock:
        cache[key] = value
    return value


def _parse_manifest(path: Path) -> dict | None:
    parsed = json.loads(path.read_text("utf-8"))
    return parsed if isinstance(parsed, dict) else None


def _manifest(path: Path) -> dict | None:
    return _by_stat(_manifests, path, _parse_manifest)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _digest(path: Path, key: tuple | None = None) -> str | None:
    return _by_stat(_digests, path, sha256, key)


def damaged_files(folder: Path, manifest: dict, deep: bool = True) -> tuple[str, ...]:
    """Files of a snapshot that are missing, of the wrong size or (deep) fail their checksum.

    The shallow check (existence and size, a stat per file) catches deletion and truncation; the
    deep one hashes each file once per process and again only when its mtime or size changes.
    """
    bad = []
    sizes = manifest.get("sizes", {})
    checksums = manifest.get("checksums", {})
    if not checksums:
        return ("manifest.json",)
    for fname, expected in sorted(checksums.items()):
        path = folder / fname
        key = _stat_key(path)
        if key is None or (fname in sizes and key[2] != sizes[fname]) or (deep and _digest(path, key) != expected):
            bad.append(fname)
    return tuple(bad)


def list_snapshots(base: Path | None = None, deep: bool = False) -> list[Snapshot]:
    """Every published snapshot, oldest first, each checked against its manifest.

    The listing's check is shallow by default (sizes), so listing hundreds of snapshots stays a
    matter of stat calls; `verified()` hashes one snapshot before it is read or built upon.
    """
    return [s for as_of, path in _folders(base) if (s := _read(as_of, path, deep)) is not None]


def recent(base: Path | None = None, up_to: dt.date | None = None, n: int = 1) -> list[Snapshot]:
    """The newest `n` undamaged snapshots published on or before `up_to` (any: None), oldest first:
    what list_snapshots lists, `ok` and up to that day, its last n. Checked one by one from the
    newest, so a page that needs a week and the two before it does not stat every file of ten
    years of weekly snapshots."""
    out: list[Snapshot] = []
    for as_of, path in reversed(_folders(base)):
        if up_to is not None and as_of > up_to:
            continue
        snapshot = _read(as_of, path, False)
        if snapshot is not None and snapshot.ok:
            out.append(snapshot)
            if len(out) == n:
                break
    return out[::-1]


def _folders(base: Path | None) -> list[tuple[dt.date, Path]]:
    """The snapshot folders (named by their date), oldest first."""
    root = snapshots_root(base)
    if not root.is_dir():
        return []
    out = []
    for path in root.iterdir():
        try:
            out.append((dt.date.fromisoformat(path.name), path))
        except ValueError:
            continue
    return sorted(out)


def _read(as_of: dt.date, path: Path, deep: bool) -> Snapshot | None:
    manifest = _manifest(path / MANIFEST)
    if manifest is None:
        return None
    return Snapshot(as_of, path, manifest, damaged_files(path, manifest, deep), _stamp(path))


def verified(snapshot: Snapshot) -> Snapshot:
    """The snapshot as it is on disk now, its files hashed against the manifest (cached by mtime and size)."""
    manifest = _manifest(snapshot.path / MANIFEST) or {}
    return Snapshot(snapshot.as_of, snapshot.path, manifest, damaged_files(snapshot.path, manifest, deep=True),
                    _stamp(snapshot.path))


def _stamp(folder: Path) -> tuple:
    key = _stat_key(folder / MANIFEST)
    return key[1:] if key else ()


def previous_snapshot(as_of: dt.date, base: Path | None = None) -> Snapshot | None:
    earlier = [s for s in list_snapshots(base) if s.as_of < as_of]
    return verified(earlier[-1]) if earlier else None


def verify(snapshot: Snapshot) -> list[str]:
    """Files whose checksum differs from the manifest (or that are missing)."""
    return list(damaged_files(snapshot.path, snapshot.manifest))


# ------------------------------------------------------------------ writing
class RefreshBusy(Exception):
    """Another refresh holds the lock."""


@contextmanager
def refresh_lock(base: Path | None = None):
    """Hold the data folder's refresh lock for the block; raise RefreshBusy if someone else has it."""
    folder = base or data_dir()
    snapshots_root(folder).mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            raise RefreshBusy(holder or "另一个进程") from None
        os.ftruncate(fd, 0)
        started = dt.datetime.now().isoformat(timespec="seconds")
        os.pwrite(fd, f"进程 {os.getpid()}，开始于 {started}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def sweep(base: Path | None = None) -> list[str]:
    """Clean up after a killed run (call with the lock held): what was done, one line each.

    `.staging-*` is an unfinished snapshot: removed. `.replaced-<date>-*` is a snapshot moved
    aside by a forced replacement: put back if the run died before the new one took its place,
    removed otherwise.
    """
    root = snapshots_root(base)
    done = []
    if not root.is_dir():
        return done
    for path in sorted(root.iterdir()):
        if path.name.startswith(".staging-"):
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"已清除未完成的写入 {path.name}")
        elif path.name.startswith(".replaced-"):
            date = path.name.split("-", 1)[1][:10]
            target = root / date
            if not target.exists() and (path / MANIFEST).is_file():
                os.rename(path, target)
                done.append(f"已恢复被中断替换的快照 {date}")
            else:
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"已清除替换留下的旧快照 {path.name}")
    return done


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Staged:
    """A snapshot written to its staging folder, not yet visible to anyone."""

    as_of: dt.date
    path: Path
    checksums: dict[str, str]
    sizes: dict[str, int]
    row_counts: dict[str, int]


def write_table(frame: pl.DataFrame, out: Path) -> None:
    frame.write_parquet(out, statistics=True)


def stage(as_of: dt.date, frames: dict[str, pl.DataFrame], *, base: Path | None = None,
          root: Path | None = None, history: dict[str, pl.DataFrame] | None = None) -> Staged:
    """Write every table into a fresh staging folder (under `root`, default the snapshots folder).

    `frames` are this week's tables (each gets the `snapshot_date` column); `history` holds
    week-by-week tables that already carry their own `snapshot_date`, written under history/.
    """
    root = root or snapshots_root(base)
    root.mkdir(parents=True, exist_ok=True)
    staging = root / f".staging-{as_of.isoformat()}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    staged = Staged(as_of, staging, {}, {}, {})
    try:
        for name, frame in sorted(frames.items()):
            add_file(staged, f"{name}.parquet", frame.with_columns(pl.lit(as_of).alias("snapshot_date")))
            staged.row_counts[name] = frame.height
        for name, frame in sorted((history or {}).items()):
            add_file(staged, f"{HISTORY_DIR}/{name}.parquet", frame)
    except BaseException:
        discard(staged)
        raise
    return staged


def add_file(staged: Staged, relpath: str, frame: pl.DataFrame) -> None:
    """Write one more Parquet file into a staged snapshot, with its checksum and size."""
    out = staged.path / relpath
    out.parent.mkdir(exist_ok=True)
    write_table(frame, out)
    with out.open("rb") as f:
        os.fsync(f.fileno())
    staged.checksums[relpath] = sha256(out)
    staged.sizes[relpath] = out.stat().st_size


def restage(snapshot: Snapshot, replace: dict[str, pl.DataFrame]) -> Staged:
    """A staged copy of a published snapshot with some files replaced (`replace`: relative path →
    frame); the others are hard links to the published files, which are never written in place."""
    root = snapshot.path.parent
    staging = root / f".staging-{snapshot.as_of.isoformat()}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    m = snapshot.manifest
    staged = Staged(snapshot.as_of, staging, dict(m.get("checksums", {})), dict(m.get("sizes", {})),
                    dict(m.get("row_counts", {})))
    try:
        for relpath in staged.checksums:
            if relpath in replace:
                continue
            (staging / relpath).parent.mkdir(exist_ok=True)
            os.link(snapshot.path / relpath, staging / relpath)
        for relpath, frame in replace.items():
            add_file(staged, relpath, frame)
    except BaseException:
        discard(staged)
        raise
    return staged


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.path, ignore_errors=True)


def commit(staged: Staged, manifest: dict, *, base: Path | None = None, force: bool = False) -> Path:
    """Write the manifest and move the staged folder into place in one rename (or exchange)."""
    root = snapshots_root(base)
    target = root / staged.as_of.isoformat()
    if target.exists() and not force:
        raise FileExistsError(target)
    manifest = {**manifest, "as_of": staged.as_of.isoformat(), "row_counts": staged.row_counts,
                "checksums": staged.checksums, "sizes": staged.sizes}
    with (staged.path / MANIFEST).open("w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    if (staged.path / HISTORY_DIR).is_dir():
        _fsync_dir(staged.path / HISTORY_DIR)
    _fsync_dir(staged.path)
    if target.exists():  # force: swap atomically, then remove the old one
        if not _exchange(staged.path, target):
            trash = root / f".replaced-{staged.as_of.isoformat()}-{os.getpid()}"
            os.rename(target, trash)
            os.rename(staged.path, target)
            staged.path = trash
        shutil.rmtree(staged.path)
    else:
        os.rename(staged.path, target)
    _fsync_dir(root)
    return target


def publish(as_of: dt.date, frames: dict[str, pl.DataFrame], manifest: dict, *,
            base: Path | None = None, force: bool = False) -> Path:
    """Stage and commit in one call (tests and tools that build frames themselves)."""
    return commit(stage(as_of, frames, base=base), manifest, base=base, force=force)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))
