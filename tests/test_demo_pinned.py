"""The default demo (scale 1, 26 weeks) is pinned: every file of every inbox, as first published.

tests/data/demo_scale1_digests.txt holds the sha256 of each CSV's bytes and of each workbook's
cells (a workbook embeds its creation time), taken from the generator before --scale and --weeks
existed. A change to the default demo must be deliberate: regenerate the list with
`.venv/bin/python -m tests.test_demo_pinned data/demo_inbox > tests/data/demo_scale1_digests.txt`
and say in the commit why the published demo changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polars as pl

from grassroots import demo

PINNED = Path(__file__).parent / "data" / "demo_scale1_digests.txt"


def digest(path: Path) -> str:
    if path.suffix == ".xlsx":  # the cells as text, read without the refresh's reader
        frame = pl.read_excel(path, engine="calamine", has_header=False, infer_schema_length=0)
        cells = [["" if v is None else v for v in row] for row in frame.iter_rows()]
        return "cells:" + hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digests(root: Path) -> dict[str, str]:
    return {f"{week.name}/{f.name}": digest(f) for week in sorted(root.iterdir()) for f in sorted(week.iterdir())}


def test_default_demo_writes_exactly_the_pinned_files(tmp_path):
    demo.write_inboxes(tmp_path)
    pinned = dict(line.split() for line in PINNED.read_text(encoding="utf-8").splitlines())
    written = digests(tmp_path)
    assert sorted(written) == sorted(pinned)
    changed = [name for name in pinned if written[name] != pinned[name]]
    assert not changed, f"{len(changed)} files differ from the pinned demo, first {changed[:5]}"


if __name__ == "__main__":
    for name, value in digests(Path(sys.argv[1])).items():
        print(name, value)
