"""An upload-check worker process: reads one JSON request per line on stdin, answers each with a frame.

Started by grassroots/desk/upload.py (through grassroots/sandbox/workers.py) as
``python -E -s grassroots/desk/worker.py <address-space bytes> <repository root>``: a script, so
the address-space limit (RLIMIT_AS) is set before Polars, DuckDB, pyarrow and openpyxl are imported
and everything they allocate lives under it. Run as a script its own folder would be first on
``sys.path`` (every module of grassroots/desk/ importable under a bare name); it is replaced by the
repository root, passed explicitly. An allocation past the limit fails inside this process: a
MemoryError is answered as such and the worker exits (the pool starts a fresh one); an abort
kills it, which the parent reads the same way. The parent kills a worker that does not answer in
time; a worker exits by itself when its stdin closes or the parent is gone.

Request: ``{"base", "as_of", "report", "district", "stored", "file", "today", "limits"}``: the data
folder, the week, the slot, the name the file will have in the inbox, where the parent put the
uploaded bytes, the date the check treats as today, and the reader's limits (reports.Limits).
Answer header: ``{"ok": true, "check": <desk.week_check_json>, "other": <report name or null>}``,
or ``{"ok": false, "reason": "memory" | "error", "error": <exception type>}``; no payload. The
first frame, sent once the imports are done, is ``{"ready": true}``.
"""

import resource
import sys

if __name__ == "__main__":  # first, before anything large is imported
    _limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (_limit, _limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.path[0] = sys.argv[2]  # the repository, instead of this script's folder

import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402


def send(out, header: dict) -> None:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    out.write(struct.pack(">II", len(head), 0) + head)
    out.flush()


def exit_when_orphaned(parent: int) -> None:
    """A worker busy parsing reads no stdin; if the app died meanwhile, nobody would kill it."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def out_of_memory(check, stored: str) -> bool:
    """The refresh names a reader's unforeseen failure as an `unreadable` problem of the file and
    goes on; one of variant `memory` (a MemoryError) is this worker's limit, not the file's content."""
    return any(p.rule == "unreadable" and p.variant == "memory" and p.file == stored for p in check.problems)


def answer(request: dict) -> dict:
    from grassroots import desk
    from grassroots.intake import reports

    reports.limits = reports.Limits(**request["limits"])
    data = Path(request["file"]).read_bytes()
    check, other = desk.check_upload(Path(request["base"]), dt.date.fromisoformat(request["as_of"]),
                                     request["report"], request["district"], request["stored"], data,
                                     today=dt.date.fromisoformat(request["today"]))
    if out_of_memory(check, request["stored"]):
        raise MemoryError
    return {"ok": True, "check": desk.week_check_json(check), "other": other.name if other else None}


def main() -> None:
    threading.Thread(target=exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    # Everything a check needs, imported now: the first clerk does not wait for it.
    import duckdb  # noqa: F401
    import openpyxl  # noqa: F401
    import pyarrow  # noqa: F401

    from grassroots import desk
    from grassroots.store import pipeline

    out = sys.stdout.buffer
    send(out, {"ready": True})
    for line in sys.stdin.buffer:
        try:
            header = answer(json.loads(line))
        except MemoryError:
            header = None
        except Exception as exc:  # a bug of ours, not the file's: say so, never a traceback on the page
            header = {"ok": False, "reason": "error", "error": type(exc).__name__}
        if header is None:  # memory may be short still: send the little that is needed, then go
            send(out, {"ok": False, "reason": "memory"})
            os._exit(3)
        send(out, header)


if __name__ == "__main__":
    main()
