"""The benchmark's datasets: the demo at (scale, weeks), built once into bench/data/ and reused.

    python -m bench.datasets 1x26 1x520              # build what is missing, in the foreground
    python -m bench.datasets 100x520 --background    # start a long build, log to bench/data/logs/
    python -m bench.datasets --status                # what is built, building or missing

A dataset is built by the demo's own command (`python -m grassroots demo --data-dir DIR --scale N
--weeks W`), which publishes every week through the real refresh; the demo skips weeks already
published, so an interrupted build resumes where it stopped. A finished build writes
`build.json` (marker and provenance: commit, dirty files' hash of the code that shapes snapshots,
time taken); only a dataset with that file is measured.

The inboxes of all weeks but the last are deleted as each week is published (`--drop-inboxes`; the
last one is what "one week's refresh" replays): at scale 100 they would be tens of gigabytes, and
nothing reads them again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import DATA, REPO

# The code whose changes make a built dataset stale (the snapshot layout and the demo's content).
SHAPING_CODE = ["grassroots/demo/build.py", "grassroots/demo/week.py", "grassroots/demo/world.py",
                "grassroots/catalogue/tables/", "grassroots/store/pipeline.py", "grassroots/store/snapshots.py"]


@dataclass(frozen=True)
class Dataset:
    scale: int
    weeks: int

    @classmethod
    def parse(cls, text: str) -> Dataset:
        """'100x520' or '100,520' -> Dataset(100, 520)."""
        scale, weeks = text.replace(",", "x").lower().split("x")
        return cls(int(scale), int(weeks))

    @property
    def name(self) -> str:
        return f"scale{self.scale}-weeks{self.weeks}"

    @property
    def label(self) -> str:
        return f"({self.scale}, {self.weeks})"

    @property
    def key(self) -> str:
        return f"{self.scale}x{self.weeks}"

    @property
    def path(self) -> Path:
        return DATA / self.name

    @property
    def marker(self) -> Path:
        return self.path / "build.json"

    @property
    def log(self) -> Path:
        return DATA / "logs" / f"build-{self.name}.log"

    @property
    def pidfile(self) -> Path:
        return DATA / "logs" / f"build-{self.name}.pid"

    def ready(self) -> bool:
        return self.marker.is_file()

    def building(self) -> int | None:
        """The PID of a build of this dataset still running, if any."""
        try:
            pid = int(self.pidfile.read_text())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except OSError:
            return None
        return pid

    def published(self) -> int:
        root = self.path / "snapshots"
        return sum(1 for p in root.glob("*/manifest.json")) if root.is_dir() else 0

    def info(self) -> dict:
        return json.loads(self.marker.read_text()) if self.ready() else {}

    def stale(self) -> bool:
        """Built by code that shapes snapshots differently from the code here now."""
        return self.ready() and self.info().get("shaping_code") != shaping_code_hash()


DEFAULT = [Dataset(1, 26), Dataset(1, 520), Dataset(100, 26), Dataset(100, 520)]


def shaping_code_hash() -> str:
    h = hashlib.sha1()
    for name in SHAPING_CODE:  # a file, or a folder's Python files
        root = REPO / name
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return h.hexdigest()[:12]


def git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build_command(ds: Dataset) -> list[str]:
    return [sys.executable, "-u", "-m", "grassroots", "demo", "--data-dir", str(ds.path),
            "--scale", str(ds.scale), "--weeks", str(ds.weeks), "--drop-inboxes"]


def build(ds: Dataset, log=print) -> None:
    """Build (or finish building) one dataset in this process's foreground, logging to its file."""
    if ds.ready():
        return
    pid = ds.building()
    if pid and pid != os.getpid():
        raise RuntimeError(f"{ds.label} is being built by process {pid}; see {ds.log}")
    if ds.published() == ds.weeks:  # published by an earlier run (or by hand): only the marker is missing
        finish(ds, started=None)
        return
    ds.path.mkdir(parents=True, exist_ok=True)
    ds.log.parent.mkdir(parents=True, exist_ok=True)
    log(f"building {ds.label} into {ds.path} (log: {ds.log})")
    started = time.monotonic()
    code = shaping_code_hash()
    with open(ds.log, "a", encoding="utf-8") as out:
        out.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} {' '.join(build_command(ds))}\n")
        out.flush()
        proc = subprocess.Popen(build_command(ds), cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        ds.pidfile.write_text(str(os.getpid()))
        rc = proc.wait()
    ds.pidfile.unlink(missing_ok=True)
    if rc != 0 or ds.published() != ds.weeks:
        raise RuntimeError(f"building {ds.label} failed (exit {rc}, {ds.published()}/{ds.weeks} weeks); see {ds.log}")
    finish(ds, started, code)
    log(f"built {ds.label} in {time.monotonic() - started:.0f} s")


def finish(ds: Dataset, started: float | None, code: str | None = None) -> None:
    prune_inboxes(ds)
    ds.marker.write_text(json.dumps({
        "scale": ds.scale, "weeks": ds.weeks, "built_at": dt.datetime.now().isoformat(timespec="seconds"),
        "build_seconds": None if started is None else round(time.monotonic() - started, 1),
        "commit": git_head(), "shaping_code": code or shaping_code_hash(),
    }, indent=2) + "\n")


def build_in_background(ds: Dataset) -> int:
    """Start `python -m bench.datasets <ds>` detached; returns its PID (also in the pid file)."""
    if ds.ready():
        return 0
    pid = ds.building()
    if pid:
        return pid
    ds.log.parent.mkdir(parents=True, exist_ok=True)
    with open(ds.log, "a", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bench.datasets", ds.key], cwd=REPO, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    ds.pidfile.write_text(str(proc.pid))
    return proc.pid


def last_week(ds: Dataset) -> str:
    return sorted(p.parent.name for p in (ds.path / "snapshots").glob("*/manifest.json"))[-1]


def prune_inboxes(ds: Dataset) -> None:
    inboxes = ds.path / "demo_inbox"
    if not inboxes.is_dir():
        return
    keep = last_week(ds)
    for week in inboxes.iterdir():
        if week.is_dir() and week.name != keep:
            shutil.rmtree(week)


def refresh_copy(ds: Dataset) -> Path:
    """bench/data/refresh-<name>/: the dataset's snapshots and last inbox, for replaying the last
    week with --force. Files are hard links: published files are never written in place (a refresh
    writes a staging folder and swaps it in), so the original dataset is never touched."""
    target = DATA / f"refresh-{ds.name}"
    stamp = target / "source.json"
    wanted = {"source": ds.name, "built_at": ds.info().get("built_at")}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return target
    if target.exists():
        shutil.rmtree(target)
    week = last_week(ds)
    shutil.copytree(ds.path / "snapshots", target / "snapshots", copy_function=os.link,
                    ignore=shutil.ignore_patterns(".staging-*", ".replaced-*"))
    shutil.copytree(ds.path / "demo_inbox" / week, target / "demo_inbox" / week, copy_function=os.link)
    stamp.write_text(json.dumps(wanted) + "\n")
    return target


def status_line(ds: Dataset) -> str:
    if ds.ready():
        info = ds.info()
        note = " (STALE: snapshot-shaping code changed since; rebuild with --rebuild)" if ds.stale() else ""
        return f"{ds.label}: built {info.get('built_at')} at {info.get('commit')} in {info.get('build_seconds')} s{note}"
    pid = ds.building()
    state = f"building (pid {pid})" if pid else "missing"
    return f"{ds.label}: {state}, {ds.published()}/{ds.weeks} weeks published; log {ds.log}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", nargs="*", type=Dataset.parse, help="e.g. 1x26 100x520")
    parser.add_argument("--background", action="store_true", help="start the builds detached and return")
    parser.add_argument("--status", action="store_true", help="show each dataset's state and exit")
    parser.add_argument("--rebuild", action="store_true", help="delete the named datasets first")
    args = parser.parse_args(argv)
    chosen = args.datasets or DEFAULT
    if args.status:
        for ds in chosen:
            print(status_line(ds))
        return
    for ds in chosen:
        if args.rebuild and not ds.building():
            shutil.rmtree(ds.path, ignore_errors=True)
        if args.background:
            pid = build_in_background(ds)
            print(status_line(ds) if not pid else f"{ds.label}: building in the background (pid {pid}); log {ds.log}")
        else:
            build(ds)


if __name__ == "__main__":
    main()
