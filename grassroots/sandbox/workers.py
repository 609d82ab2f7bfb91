"""Worker processes: a few persistent children that do untrusted work, each under an address-space
limit and killed by the parent at a deadline. Used by the SQL box (grassroots/sandbox/pool.py, running
analysts' SQL) and by the data desk (grassroots/desk/upload.py, checking an uploaded file); each passes its
own worker script and limits.

Why processes: some work's memory and time cannot be bounded inside the app's own process. DuckDB's
``memory_limit`` does not count memory taken inside one function call and an interrupt does nothing
while a query is parsed or planned; openpyxl holds a whole sheet in memory and cannot be stopped
halfway. A worker lives under an address-space limit (RLIMIT_AS, which its script sets before it
imports anything large) and is killed by the parent at its deadline, whatever it is doing; a killed
or crashed worker is replaced, so the next request finds one, and so is one that kept much memory
after a heavy request.

Workers are started with ``subprocess`` (fork + exec of a fresh interpreter: a threaded Streamlit
server is never forked as it is) as ``python -E -s <script> <address-space bytes> <args...>``, in
their own session (a Ctrl-C on the server's terminal is not theirs) with a nearly empty environment.
At most ``size`` run at a time per pool; beyond that a request is refused at once instead of
queueing behind others and stalling pages.

Protocol: the parent writes one JSON request per line on the worker's stdin; the worker answers
each with a frame, two big-endian uint32 (header length, payload length), a JSON header, then the
payload bytes. The first frame, sent once the worker's imports are done, is ``{"ready": true}``.
Only JSON and bytes the caller decodes itself come back, never a pickle.

This module lives in grassroots/ (the lowest layer) so that both the domain (the desk) and the
query layer (the SQL box) can use it; it imports nothing of the project.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import psutil

STARTUP_S = 30.0  # for a new worker's imports, on a busy machine
MAX_HEADER = 1 << 20


class WorkerGone(Exception):
    """The worker was killed or died: ``reason`` is "timeout", "died" or "startup"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Worker:
    """One child process running ``script`` under ``address_space`` bytes; used by one thread at a
    time (the pool hands it out). Frames larger than ``max_header``/``max_payload`` are not what a
    worker sends: the worker is killed rather than its answer taken in."""

    def __init__(self, script: Path | str, address_space: int, args: tuple[str, ...] = (), *,
                 max_header: int = MAX_HEADER, max_payload: int = 0):
        self.address_space, self.max_header, self.max_payload = address_space, max_header, max_payload
        self.proc = subprocess.Popen(
            [sys.executable, "-E", "-s", str(script), str(address_space), *map(str, args)],
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

    def start(self) -> None:
        """Wait for the worker's ready frame (its imports done), or WorkerGone("startup")."""
        if not self.ready:
            self._frame(time.monotonic() + STARTUP_S, "startup")
            self.ready = True

    def ask(self, request: dict, wait_s: float) -> tuple[dict, bytes]:
        """Send one request; the answer's header and payload, or WorkerGone after wait_s (then killed)."""
        self.start()
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
        if head_size > self.max_header or body_size > self.max_payload:
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
    """Up to ``size`` workers made by ``spawn``, handed out one per running request. At most
    ``keep_idle`` (default: all) wait between requests; one resident above ``recycle_rss`` after a
    request is replaced, so idle workers stay small."""

    def __init__(self, size: int, spawn: Callable[[], Worker], *, recycle_rss: int, keep_idle: int | None = None):
        self.size = size
        self.spawn = spawn
        self.recycle_rss = recycle_rss
        self.keep_idle = size if keep_idle is None else keep_idle
        self._idle: list[Worker] = []
        self._busy = 0
        self._lock = threading.Lock()

    @property
    def busy(self) -> int:
        return self._busy

    def checkout(self) -> Worker | None:
        """A worker of one's own, or None when ``size`` requests are already running."""
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
            return self.spawn()
        except BaseException:
            with self._lock:
                self._busy -= 1
            raise

    def checkin(self, worker: Worker) -> None:
        if worker.alive() and worker.resident() > self.recycle_rss:
            worker.kill()
        with self._lock:
            wanted = len(self._idle) < self.keep_idle
        if not worker.alive() or not wanted:
            worker.kill()  # reap it and close its pipes
            worker = None
            if wanted:
                try:
                    worker = self.spawn()  # imports while nobody waits for it
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
