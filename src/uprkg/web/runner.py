"""Running the server's queries: each in a forked child, bounded in time,
rows and number.

Oxigraph evaluates a query in Rust, where Python cannot interrupt it, so
every request's work runs through `uprkg.store.run_bounded`: a child process
forked from a worker thread opens the store (read-only, once for all the
queries of one page), does the work and sends the result back; it is killed
at the deadline. At most `workers` children run at once; up to `queue`
requests wait for one, and beyond that a request is refused at once (503)
rather than left hanging. A slow query therefore holds one worker, never the
server (benchmarks/bench_serve.py measures it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import anyio
import anyio.to_thread

from uprkg.store import MANIFEST, GraphStore, Limits, run_bounded

T = TypeVar("T")

DEFAULT_SECONDS = 10.0
DEFAULT_ROWS = 10_000


def default_workers() -> int:
    """Query processes at once: a few per core (a query mostly waits on the store)."""
    return max(4, 2 * (os.cpu_count() or 1))


@dataclass(frozen=True)
class ServerLimits:
    """What one request may cost. None lifts the time or row limit."""

    seconds: float | None = DEFAULT_SECONDS
    rows: int | None = DEFAULT_ROWS
    workers: int = 0  # 0: default_workers()
    queue: int = 256
    in_memory: bool = True  # copy an on-disk store into memory at start (see Runner)


class Busy(Exception):
    """More requests wait for a worker than the queue holds."""


class Runner:
    """Runs work(store, limits) for requests: in a forked child, bounded."""

    def __init__(self, store: GraphStore, limits: ServerLimits | None = None) -> None:
        self.limits = limits = limits or ServerLimits()
        self.workers = limits.workers or default_workers()
        self._limiter: anyio.CapacityLimiter | None = None
        self._waiting = 0
        self._disk = store.path
        self._stamp = self._manifest_stamp()
        self._store = self._serving(store)

    def _serving(self, store: GraphStore) -> GraphStore:
        """The store the children query: an on-disk store copied into memory (a
        forked child then inherits it, instead of opening the database and
        warming its caches for every request: 2.4x faster on the bundled
        graph), or as it is (`in_memory=False`)."""
        if store.path is None or not self.limits.in_memory:
            return store
        import pyoxigraph as ox

        memory = ox.Store()
        disk = store.oxigraph()
        memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        del disk
        return GraphStore(memory=memory, origin=store.origin, manifest=store.manifest)

    @property
    def store(self) -> GraphStore:
        """The store; an on-disk one is read again when `uprkg build` replaced it."""
        stamp = self._manifest_stamp()
        if stamp != self._stamp and self._disk is not None:
            try:
                self._store = self._serving(GraphStore.open(self._disk))
                self._stamp = stamp
            except Exception:  # mid-swap: keep the one we have, try again next time
                pass
        return self._store

    def _manifest_stamp(self) -> tuple[int, int] | None:
        if self._disk is None:
            return None
        try:
            stat = (Path(self._disk) / MANIFEST).stat()
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def row_limits(self) -> Limits:
        """The limits a query gets inside the child (the child itself is timed)."""
        return Limits(None, self.limits.rows)

    def call(self, work: Callable[[GraphStore, Limits], T]) -> T:
        """work(store, limits) in a forked child, in this thread (blocking)."""
        store = self.store
        limits = self.row_limits()

        def job() -> T:
            local = store
            if store.path is not None:  # open the on-disk store once for the whole job
                local = GraphStore(memory=store.oxigraph(), origin=store.origin)
            return work(local, limits)

        return run_bounded(job, self.limits.seconds)

    async def run(self, work: Callable[[GraphStore, Limits], T]) -> T:
        """work(store, limits) for a request: waits for a worker, or Busy."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.workers)
        if self._waiting >= self.workers + self.limits.queue:
            raise Busy(f"{self._waiting} queries are running or waiting; try again shortly")
        self._waiting += 1
        try:
            return await anyio.to_thread.run_sync(self.call, work, limiter=self._limiter)
        finally:
            self._waiting -= 1
