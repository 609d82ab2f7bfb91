"""The SQL box's worker processes: a few persistent children that run analysts' queries, each killable.

Why processes: a query's memory and time cannot be bounded inside the app's own process. DuckDB's
``memory_limit`` does not count memory taken inside one function call (one ``repeat`` grew the
served app from 279 MB to 4 GB), and an interrupt does nothing while a query is parsed or planned
(queries padded with comments ran for a minute). A worker (queries/sandbox_worker.py) lives
under an address-space limit and is killed by the parent at ``timeout + KILL_GRACE_S``, whatever
it is doing; a killed or crashed worker is replaced at once, so the next query finds one warm, and
so is one that kept much memory after a heavy query.

Workers are started with ``subprocess`` (fork + exec of a fresh interpreter: a threaded Streamlit
server is never forked as it is), in their own session (a Ctrl-C on the server's terminal is not
theirs) with a nearly empty environment. At most ``POOL_SIZE`` run at a time; beyond that a query
is refused at once instead of queueing behind others and stalling pages. Only JSON and Arrow IPC
bytes come back, never a pickle.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from queries.sandbox_engine import MAX_RESULT_BYTES

WORKER = Path(__file__).with_name("sandbox_worker.py")
POOL_SIZE = 3  # queries running at once, one worker each
# Measured with DuckDB 2.0.1 and pyarrow 26: a worker takes ~0.4 GB of address space after its
# imports and ~0.5 GB with a connection and two threads (MALLOC_ARENA_MAX=2 keeps glibc from
# reserving 64 MB per thread); grouping and count(distinct) over 3 million strings peak at ~0.85 GB.
ADDRESS_SPACE = 1 << 30
# A worker keeps what a heavy query made its allocator take (up to ~0.4 GB, against ~0.11 GB idle):
# one resident above this after a query is replaced, so idle workers stay small.
RECYCLE_RSS = 256 << 20
KILL_GRACE_S = 0.5  # past the query's own time limit, for the worker's interrupt to answer first
STARTUP_S = 30.0  # for a new worker's imports, on a busy machine
MAX_HEADER = 1 << 20


class WorkerGone(Exception):
    """The worker was killed or died: ``reason`` is "timeout", "died" or "startup"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Worker:
    """One child process; used by one thread at a time (the pool hands it out)."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-E", "-s", str(WORKER), str(ADDRESS_SPACE)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, cwd="/", start_new_session=True,
            env={"MALLOC_ARENA_MAX": "2", "LANG": "C.UTF-8", "PATH": os.defpath})
        self.ready = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def resident(self) -> int:
        try:
            return psutil.Process(self.proc.pid).memory_info().rss
        except psutil.Error:
            return 0

    def kill(self) -> None:
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()

    def ask(self, request: dict, wait_s: float) -> tuple[dict, bytes]:
        """Send one request; the answer's header and payload, or WorkerGone after wait_s (then killed)."""
        if not self.ready:
            self._frame(time.monotonic() + STARTUP_S, "startup")
            self.ready = True
        data = memoryview(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
        try:
            while data:  # an idle worker is reading: this does not block for long
                data = data[os.write(self.proc.stdin.fileno(), data):]
        except OSError:
            self.kill()
            raise WorkerGone("died") from None
        return self._frame(time.monotonic() + wait_s, "timeout")

    def _frame(self, deadline: float, late: str) -> tuple[dict, bytes]:
        head_size, body_size = struct.unpack(">II", self._read(8, deadline, late))
        if head_size > MAX_HEADER or body_size > MAX_RESULT_BYTES + MAX_HEADER:
            self.kill()  # not what a worker sends: stop reading rather than take it in
            raise WorkerGone("died")
        try:
            header = json.loads(self._read(head_size, deadline, late))
        except ValueError:
            self.kill()
            raise WorkerGone("died") from None
        return header, self._read(body_size, deadline, late)

    def _read(self, size: int, deadline: float, late: str) -> bytes:
        fd = self.proc.stdout.fileno()
        waiting = select.poll()  # not select.select: a busy server's descriptors pass 1024
        waiting.register(fd, select.POLLIN)
        data = bytearray()
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise WorkerGone(late)
            if not waiting.poll(left * 1000):
                continue
            chunk = os.read(fd, min(size - len(data), 1 << 20))
            if not chunk:
                self.kill()
                raise WorkerGone("died")
            data += chunk
        return bytes(data)


class Pool:
    """Up to ``size`` workers, handed out one per running query."""

    def __init__(self, size: int = POOL_SIZE):
        self.size = size
        self._idle: list[Worker] = []
        self._busy = 0
        self._lock = threading.Lock()

    @property
    def busy(self) -> int:
        return self._busy

    def checkout(self) -> Worker | None:
        """A worker of one's own, or None when ``size`` queries are already running."""
        with self._lock:
            if self._busy >= self.size:
                return None
            self._busy += 1
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()  # died while idle: reap it
        try:
            return Worker()
        except BaseException:
            with self._lock:
                self._busy -= 1
            raise

    def checkin(self, worker: Worker) -> None:
        if worker.alive() and worker.resident() > RECYCLE_RSS:
            worker.kill()
        if not worker.alive():
            worker.kill()  # reap it and close its pipes
            try:
                worker = Worker()  # imports while nobody waits for it
            except OSError:
                worker = None
        with self._lock:
            self._busy -= 1
            if worker is not None:
                self._idle.append(worker)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


POOL = Pool()
atexit.register(POOL.close)
