"""The SQL box's worker processes: a few persistent children that run analysts' queries, each killable.

Why processes: a query's memory and time cannot be bounded inside the app's own process. DuckDB's
``memory_limit`` does not count memory taken inside one function call (one ``repeat`` grew the
served app from 279 MB to 4 GB), and an interrupt does nothing while a query is parsed or planned
(queries padded with comments ran for a minute). A worker (grassroots/sandbox/sql_worker.py) lives
under an address-space limit and is killed by the parent at ``timeout + KILL_GRACE_S``, whatever
it is doing; a killed or crashed worker is replaced at once, so the next query finds one warm, and
so is one that kept much memory after a heavy query.

The machinery (start, frames, deadline, kill, pool) is grassroots/sandbox/workers.py, shared with the data
desk's upload checks; this module gives it the SQL box's script and limits. At most ``POOL_SIZE``
queries run at a time; beyond that a query is refused at once instead of queueing behind others and
stalling pages. Only JSON and Arrow IPC bytes come back, never a pickle.
"""

from __future__ import annotations

import atexit
from pathlib import Path

from grassroots.sandbox import workers
from grassroots.sandbox.workers import MAX_HEADER, STARTUP_S, WorkerGone
from grassroots.sandbox.engine import MAX_RESULT_BYTES

WORKER = Path(__file__).with_name("sql_worker.py")
POOL_SIZE = 3  # queries running at once, one worker each
# Measured with DuckDB 2.0.1 and pyarrow 26: a worker takes ~0.4 GB of address space after its
# imports and ~0.5 GB with a connection and two threads (MALLOC_ARENA_MAX=2 keeps glibc from
# reserving 64 MB per thread); grouping and count(distinct) over 3 million strings peak at ~0.85 GB.
ADDRESS_SPACE = 1 << 30
# A worker keeps what a heavy query made its allocator take (up to ~0.4 GB, against ~0.11 GB idle):
# one resident above this after a query is replaced, so idle workers stay small.
RECYCLE_RSS = 256 << 20
KILL_GRACE_S = 0.5  # past the query's own time limit, for the worker's interrupt to answer first


class Worker(workers.Worker):
    """One SQL-box worker process (sql_worker.py under ``ADDRESS_SPACE``)."""

    def __init__(self):
        super().__init__(WORKER, ADDRESS_SPACE, max_payload=MAX_RESULT_BYTES + MAX_HEADER)


class Pool(workers.Pool):
    """Up to ``size`` SQL-box workers, handed out one per running query."""

    def __init__(self, size: int = POOL_SIZE):
        super().__init__(size, Worker, recycle_rss=RECYCLE_RSS)


POOL = Pool()
atexit.register(POOL.close)
