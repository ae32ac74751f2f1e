"""Where a run's chunks come from: read in the chunk's transaction, or read ahead on a second connection.

On PostgreSQL the next chunk is read on its own connection in a thread while the current one is computed and
written, so the database reads with one core while it writes with the other. The read-ahead only fetches
memberships (committed data that the run does not change) and every chunk still commits with its checkpoint,
so a kill at any point resumes exactly as before. Inside an outer transaction (tests), or on SQLite, chunks
are read in place.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from lindung.billing.models import BillingRun
from lindung.billing.run import sql
from lindung.billing.run.columns import copy_table, read_table
from lindung.billing.run.lines import month_bounds

Table = npt.NDArray[np.int64]
WIDTHS = [width for _expr, width in sql.columns()]


@dataclass(frozen=True)
class Chunk:
    cursor: int  # the run's cursor the chunk starts after
    upto: int | None  # the chunk's last membership id; None: nothing left
    table: Table


def _params(run: BillingRun, cursor: int, **extra: Any) -> dict[str, Any]:
    return {**month_bounds(run.period), "region": run.region_id, "cursor": cursor, "limit": run.chunk_size, **extra}


def read_chunk(run: BillingRun, cursor: int) -> Chunk:
    """The chunk after ``cursor`` on the run's own connection (inside its transaction)."""
    with connection.cursor() as c:
        c.execute(sql.chunk_end_sql(), {"cursor": cursor, "limit": run.chunk_size})
        upto = c.fetchone()[0]
    if upto is None:
        return Chunk(cursor, None, np.empty((0, len(WIDTHS)), dtype=np.int64))
    return Chunk(cursor, int(upto), read_table(sql.read_chunk_sql(), _params(run, cursor, upto=upto), WIDTHS))


class ReadAhead:
    """Chunks read by a thread on a second PostgreSQL connection, one ahead of the writer."""

    def __init__(self, run: BillingRun, cursor: int) -> None:
        self.run, self.chunks = run, queue.Queue[Chunk | BaseException](maxsize=1)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(cursor,), daemon=True)
        self.thread.start()

    def _read(self, cursor: int) -> None:
        import psycopg

        try:
            with psycopg.connect(**connection.get_connection_params(), autocommit=True) as db, db.cursor() as c:
                c.execute("SET jit = off")
                c.execute("SET work_mem = '64MB'")
                while not self.stop.is_set():
                    c.execute(sql.chunk_end_sql(), {"cursor": cursor, "limit": self.run.chunk_size})
                    upto = c.fetchone()[0]  # type: ignore[index]
                    table = np.empty((0, len(WIDTHS)), dtype=np.int64)
                    if upto is not None:
                        table = copy_table(c, sql.read_chunk_sql(), _params(self.run, cursor, upto=upto), WIDTHS)
                    self._put(Chunk(cursor, None if upto is None else int(upto), table))
                    if upto is None:
                        return
                    cursor = int(upto)
        except BaseException as exc:  # handed to the writer, which raises it
            self._put(exc)

    def _put(self, item: Chunk | BaseException) -> None:
        while not self.stop.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def next(self) -> Chunk:
        item = self.chunks.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


class ChunkSource:
    """The next chunk for the run's cursor: read ahead when possible, else read in place."""

    def __init__(self, run: BillingRun) -> None:
        self.ahead: ReadAhead | None = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.ahead = ReadAhead(run, run.cursor)

    def next(self, run: BillingRun) -> Chunk:
        if self.ahead is not None:
            chunk = self.ahead.next()
            if chunk.cursor == run.cursor:
                return chunk
            self.ahead.close()  # another process moved the run on: read on from where it stands
            self.ahead = ReadAhead(run, run.cursor)
            return self.ahead.next()
        return read_chunk(run, run.cursor)

    def close(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
