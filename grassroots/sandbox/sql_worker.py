"""A sandbox worker process: reads one JSON request per line on stdin, answers each with a frame.

Started by pool.py beside it as ``python -E -s grassroots/sandbox/sql_worker.py <address-space bytes>``
(a script, not ``-m queries...``: the ``queries`` package would import Polars and the app's data
layer into every worker). The address-space limit (RLIMIT_AS) is set before duckdb is imported,
so DuckDB, Arrow and Python all live under it: an allocation past it fails as an out-of-memory
error inside this process, which then answers the next request as before. The parent kills a
worker that does not answer in time; a worker exits by itself when its stdin closes or the parent
is gone.

Request: ``{"db": path, "sql": text, "row_limit": n, "timeout_s": s}``. Frame: two big-endian
uint32 (header length, payload length), a JSON header, then the payload (Arrow IPC stream bytes,
empty on failure). The first frame, sent once the imports are done, is ``{"ready": true}``.
"""

import resource
import sys

if __name__ == "__main__":  # first, before anything large is imported
    _limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (_limit, _limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

import json  # noqa: E402
import os  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import engine  # noqa: E402  (this folder is sys.path[0] when run as a script)

CONNECTIONS = 4  # snapshots kept open per worker; the oldest is closed first


def send(out, header: dict, payload: bytes = b"") -> None:
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    out.write(struct.pack(">II", len(head), len(payload)) + head + payload)
    out.flush()


def exit_when_orphaned(parent: int) -> None:
    """A worker busy planning reads no stdin; if the app died meanwhile, nobody would kill it."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def main() -> None:
    threading.Thread(target=exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    out = sys.stdout.buffer
    connections: dict = {}  # db path -> locked connection, oldest first
    send(out, {"ready": True})
    for line in sys.stdin.buffer:
        received = time.monotonic()
        request = json.loads(line)
        try:
            con = connections.pop(request["db"], None)
            if con is None:
                con = engine.connect_locked(request["db"])
        except Exception as exc:  # e.g. the snapshot's file was removed from the cache meanwhile
            send(out, {"ok": False, "zh": f"快照数据无法打开：{exc}", "en": f"The snapshot cannot be opened: {exc}",
                       "rule": "unavailable"})
            continue
        connections[request["db"]] = con
        while len(connections) > CONNECTIONS:
            connections.pop(next(iter(connections))).close()
        header, payload = engine.answer(con, request["sql"], int(request["row_limit"]),
                                                float(request["timeout_s"]), received)
        send(out, header, payload)


if __name__ == "__main__":
    main()
