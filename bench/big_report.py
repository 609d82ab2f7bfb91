"""A week whose grids report has 2,000,000 rows (about 80 MB of GBK CSV): the refresh's memory.

    python -m bench.big_report          # build it if missing, then measure one publish

Built once into bench/data/big-report/ from the (1, 26) dataset: its snapshots (hard links) and
its last week's inbox, where grids.csv holds 2,000,000 grids spread evenly over the week's own
communities (codes: community code + 4-digit serial; compounds as the week's grids have them),
saved in GBK as a district's Excel would, and district_restructuring.xlsx states the new grid
count of each district, so the totals agree. The replaced files are written anew, never through
the hard links. Deterministic: the same source dataset gives the same bytes.

The measurement publishes that week again (`refresh.py --force`, as refresh_timing does), with
--accept-change for the grid figures, which jump some 300× from the week before: every check,
staging, the figures and the publish run on the big report. Peak RSS is the kernel's high-water
mark of the refresh process (wait4), seconds the wall time of the whole command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench import datasets
from bench.common import DATA, REPO
from grassroots.intake.textfile import decode

ROWS = 2_000_000
SOURCE = datasets.Dataset(1, 26)
TARGET = DATA / "big-report"
ACCEPT = ("grids",)  # the figures the big week moves out of their bands (city and districts)
VERSION = 1  # of what build() writes: a change rebuilds


def build(log=print) -> tuple[Path, str]:
    """(the data folder, the week) of the big week, built once."""
    if not SOURCE.ready():
        datasets.build(SOURCE, log=log)
    week = datasets.last_week(SOURCE)
    stamp = TARGET / "source.json"
    wanted = {"source": SOURCE.name, "built_at": SOURCE.info().get("built_at"), "rows": ROWS, "version": VERSION}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return TARGET, week
    log(f"building the {ROWS:,}-row grids week into {TARGET}")
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(SOURCE.path / "snapshots", TARGET / "snapshots", copy_function=os.link,
                    ignore=shutil.ignore_patterns(".staging-*", ".replaced-*"))
    inbox = TARGET / "demo_inbox" / week
    shutil.copytree(SOURCE.path / "demo_inbox" / week, inbox, copy_function=os.link)
    counts = _write_grids(inbox / "grids.csv")
    _write_totals(inbox / "district_restructuring.xlsx", counts)
    stamp.write_text(json.dumps(wanted) + "\n")
    return TARGET, week


def _write_grids(path: Path) -> dict[str, int]:
    """grids.csv with ROWS grids over the communities of the week's own file; grids per district."""
    text, _ = decode(path.read_bytes())
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    communities: dict[str, tuple[str, list[str]]] = {}  # community -> (district, the compounds of its grids)
    for _, community, district, compounds in rows:
        communities.setdefault(community, (district, []))[1].append(compounds)
    order = sorted(communities)
    per, extra = divmod(ROWS, len(order))
    counts: dict[str, int] = defaultdict(int)
    path.unlink()  # a hard link into the source dataset: write a new file
    with path.open("w", encoding="gb18030", newline="") as out:
        out.write(",".join(header) + "\r\n")
        for k, community in enumerate(order):
            district, compounds = communities[community]
            n = per + (1 if k < extra else 0)
            out.write("".join(f"{community}{i:04d},{community},{district},{compounds[i % len(compounds)]}\r\n"
                              for i in range(1, n + 1)))
            counts[district] += n
    return counts


def _write_totals(path: Path, counts: dict[str, int]) -> None:
    """The district summary stating the new grid counts (its other cells as they were)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    labels = [c.value for c in ws[1]]
    code, grids = labels.index("旗县区代码"), labels.index("网格数")
    for row in ws.iter_rows(min_row=2):
        if row[code].value:
            row[grids].value = str(counts.get(str(row[code].value), 0))
    path.unlink()
    wb.save(path)


def measure(log=print) -> dict:
    folder, week = build(log)
    argv = [sys.executable, "refresh.py", "--inbox", str(folder / "demo_inbox" / week), "--as-of", week,
            "--data-dir", str(folder), "--force", *(f"--accept-change={f}" for f in ACCEPT)]
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = exit_code = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    grids = folder / "demo_inbox" / week / "grids.csv"
    result = {"week": week, "rows": ROWS, "file_bytes": grids.stat().st_size, "seconds": elapsed, "exit": exit_code,
              "peak_rss_bytes": usage.ru_maxrss * 1024, "tail": out.decode(errors="replace")[-600:]}
    log(f"  refresh of a {ROWS:,}-row report ({result['file_bytes'] / 1e6:.0f} MB): {elapsed:.1f} s, exit {exit_code}, "
        f"peak {result['peak_rss_bytes'] / (1 << 20):.0f} MiB")
    return result


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1, ensure_ascii=False))
