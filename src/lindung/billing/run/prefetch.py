"""Where a run's chunks come from: read in the chunk's transaction, or read ahead on a second connection.

On PostgreSQL the next chunk is read on its own connection in a thread while the current one is computed and
written, so the database reads with one core while it writes with the other. The thread can also ``prepare``
each chunk (the runner computes its lines there while the current chunk's COPY keeps the server busy). The
read-ahead only fetches memberships (committed data that the run does not change) and every chunk still commits
with its checkpoint, so a kill at any point resumes exactly as before. Inside an outer transaction (tests), or
on SQLite, chunks are read in place.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from lindung.billing.models import BillingRun
from lindung.billing.run import sql
from lindung.billing.run.accounts import PAYER, SPONSOR, SPONSOR_NAMES_SQL, WORKER
from lindung.billing.run.columns import pg_table, read_table
from lindung.billing.run.lines import month_bounds
from lindung.billing.run.lookup import IdIndex, unique_sorted

Table = npt.NDArray[np.int64]
WIDTHS = [width for _expr, width in sql.columns()]


@dataclass(frozen=True)
class Chunk:
    cursor: int  # the run's cursor the chunk starts after
    upto: int | None  # the chunk's last membership id; None: nothing left
    table: Table
    #: What the read-ahead's ``prepare`` made of the rows on its thread (the runner's ``Prepared``), if anything.
    prepared: Any = None


#: Work done on a thread of the read-ahead for each chunk read: (the chunk, sponsor names of its sponsor-paid rows
#: by membership id) → anything or None.
Prepare = Callable[[Chunk, dict[int, str]], Any]
#: A query (SQL with ``%s`` placeholders, parameters) the read-ahead runs once after the last chunk.
Query = tuple[str, tuple[Any, ...]]


def _params(run: BillingRun, cursor: int, **extra: Any) -> dict[str, Any]:
    return {**month_bounds(run.period), "region": run.region_id, "cursor": cursor, "limit": run.chunk_size, **extra}


def read_chunk(run: BillingRun, cursor: int) -> Chunk:
    """The chunk after ``cursor`` on the run's own connection (inside its transaction)."""
    with connection.cursor() as c:
        c.execute(sql.chunk_end_sql(), {"cursor": cursor, "limit": run.chunk_size})
        upto = c.fetchone()[0]
    if upto is None:
        return Chunk(cursor, None, np.empty((0, len(WIDTHS)), dtype=np.int64))
    params = _params(run, cursor, upto=upto)
    if connection.vendor == "postgresql":
        return Chunk(cursor, int(upto), by_id(read_table(sql.read_chunk_sql(), params, WIDTHS)))
    return Chunk(cursor, int(upto), by_id(unpack(read_table(sql.read_chunk_packed_sql(), params, [8] * 6))))


def by_id(table: Table) -> Table:
    """Rows in membership order, whatever the plan: accounts a chunk opens get their ids in this order."""
    ids = table[:, 0]
    if bool(np.all(ids[1:] > ids[:-1])):  # the usual plan (the primary key's range) already gives them so
        return table
    return table[np.argsort(ids, kind="stable")]


def unpack(packed: Table) -> Table:
    """The columns of ``sql.columns()`` from the six of ``sql.read_chunk_packed_sql()``."""
    table = np.empty((len(packed), len(WIDTHS)), dtype=np.int64, order="F")  # by column: each is read whole
    for column, source in ((0, 0), (2, 1), (3, 2), (7, 3)):
        table[:, column] = packed[:, source]
    table[:, 4], table[:, 5] = np.divmod(packed[:, 4], sql.REGION_SHIFT)
    small = packed[:, 5]
    for column, shift, bits in sql.SMALL_SHIFTS:
        table[:, column] = (small >> shift) & ((1 << bits) - 1)
    table[:, 10] = (small >> sql.BIRTH_SHIFT) - 1
    return table


def unpack_members(packed: Table) -> Table:
    """The columns of ``sql.columns()`` from the five of ``sql.read_chunk_members_packed_sql()``; the worker's and
    the employer's columns left 0 (``WorkerColumns.fill``, ``EmployerColumns.fill``)."""
    table = np.zeros((len(packed), len(WIDTHS)), dtype=np.int64, order="F")  # by column: each is read whole
    for column, source in ((0, 0), (2, 1), (3, 2), (7, 3)):
        table[:, column] = packed[:, source]
    small = packed[:, 4]
    for column, shift, bits in sql.SMALL_SHIFTS:
        table[:, column] = (small >> shift) & ((1 << bits) - 1)
    return table


LOW = (1 << 32) - 1


def unpack_pairs(pairs: Table) -> Table:
    """The columns of ``sql.columns()`` from the three of ``sql.read_chunk_members_pairs_sql()``, as
    ``unpack_members`` gives them from five."""
    packed = np.empty((len(pairs), len(sql.MEMBERS_PACKED_WIDTHS)), dtype=np.int64)
    packed[:, 0], packed[:, 2] = pairs[:, 0] >> 32, pairs[:, 0] & LOW
    packed[:, 1], packed[:, 4] = pairs[:, 1] >> 32, pairs[:, 1] & LOW
    packed[:, 3] = pairs[:, 2]
    return unpack_members(packed)


def pairs_fit(raw_cursor: Any) -> bool:
    """Whether every membership, worker and employer id is below ``sql.PAIR_LIMIT`` (the pairs' read), with a
    margin of half of it for rows registered while the run reads."""
    raw_cursor.execute(sql.pair_ids_sql())
    return all((top or 0) < sql.PAIR_LIMIT // 2 for top in raw_cursor.fetchone())


def _sponsor_names(raw_cursor: Any, table: Table) -> dict[int, str]:
    """Sponsor names of the chunk's sponsor-paid rows (payer code 3), read on the read-ahead's connection."""
    ids = table[table[:, PAYER] == SPONSOR, 0]
    if len(ids) == 0:
        return {}
    raw_cursor.execute(SPONSOR_NAMES_SQL, ["{" + ",".join(map(str, ids.tolist())) + "}"])
    return dict(raw_cursor.fetchall())


DAY_ZERO = np.datetime64("2000-01-01", "D")
MONTH_ZERO = 1970 * 12  # numpy's months count from 1970-01


def birth_months(days: Table) -> Table:
    """Engine month codes (year * 12 + month - 1) of dates given as days since 2000-01-01."""
    months = (DAY_ZERO + days.astype("timedelta64[D]")).astype("datetime64[M]").astype(np.int64)
    return months + MONTH_ZERO


def workers_table(raw_cursor: Any, where: str = "", params: dict[str, Any] | None = None) -> Table:
    """(id, region, birth month) rows of ``sql.workers_sql``."""
    packed = pg_table(raw_cursor, sql.workers_sql(where), params or [], [8, 8])
    table = np.empty((len(packed), 3), dtype=np.int64)
    table[:, 0] = packed[:, 0]
    table[:, 1] = packed[:, 1] >> sql.WORKER_SHIFT
    table[:, 2] = birth_months((packed[:, 1] & ((1 << sql.WORKER_SHIFT) - 1)) - sql.WORKER_DAY_OFFSET)
    return table


def employers_table(raw_cursor: Any, where: str = "", params: dict[str, Any] | None = None) -> Table:
    """(id, region, risk group, sector code, JP deferral) rows of ``sql.employers_sql``."""
    return pg_table(raw_cursor, sql.employers_sql(where), params or [], [8, 8, 4, 4, 4])


class ByIdColumns:
    """Columns of a registry table by id, read once per run (PostgreSQL's read-ahead), for the chunks' rows.

    A chunk's memberships then need no join: each chunk's join used to hash the whole table again. Ids not in
    the arrays (rows registered after they were read, or all of them while the arrays are still being read on
    another connection: ``table=None``) are read by id when a chunk meets them.
    """

    width = 0  # columns after the id

    def __init__(self, raw_cursor: Any, table: Table | None = None) -> None:
        self.cursor = raw_cursor
        self._set(self.read(raw_cursor) if table is None and raw_cursor is not None else table)

    def read(self, raw_cursor: Any, where: str = "", params: dict[str, Any] | None = None) -> Table:
        raise NotImplementedError

    def _set(self, table: Table | None) -> None:
        if table is None:
            table = np.empty((0, self.width + 1), dtype=np.int64)
        ids = table[:, 0]
        if not bool(np.all(ids[1:] > ids[:-1])):  # the loader's read comes in id order, unique: no copy then
            table = table[np.argsort(ids, kind="stable")]
            table = table[unique_sorted(table[:, 0])]  # a row read by range and again by the loader: once
        self.table = table
        self.ids = self.table[:, 0]
        self.index = IdIndex(self.ids)

    def replace(self, table: Table) -> None:
        """Take every row's columns read meanwhile (a later read: it has all the rows read by id before)."""
        self._set(table)

    def values(self, ids: Table) -> Table:
        """The columns (after the id) of the rows with these ids, reading those not read yet."""
        at = self.index.of(ids)
        absent = at < 0
        if absent.any():
            self._set(np.concatenate([self.table, self._read_missing(np.unique(ids[absent]))]))
            at = self.index.of(ids)
            if bool((at < 0).any()):  # gone meanwhile: the run fails, to be retried
                raise LookupError(f"{len(np.setdiff1d(ids, self.ids))} rows of a chunk no longer in the registry")
        return self.table[at, 1:]

    def _read_missing(self, missing: Table) -> Table:
        """Rows of ``missing`` (sorted ids): by range where they are dense (the first chunks of a run, read while
        the loader still reads every row: an index range scan costs a fifth of looking up each id), else by id."""
        low, high = int(missing[0]), int(missing[-1])
        if high - low < 2 * len(missing):
            return self.read(self.cursor, "WHERE x.id BETWEEN %(low)s AND %(high)s", {"low": low, "high": high})
        # As one array literal: psycopg binds a list element by element in Python (0.15 s at 100,000 ids).
        listed = "{" + ",".join(map(str, missing.tolist())) + "}"
        return self.read(self.cursor, "WHERE x.id = ANY(%(ids)s::int8[])", {"ids": listed})


class WorkerColumns(ByIdColumns):
    """Every worker's region and birth month by id."""

    width = 2

    def read(self, raw_cursor: Any, where: str = "", params: dict[str, Any] | None = None) -> Table:
        return workers_table(raw_cursor, where, params)

    @property
    def birth(self) -> Table:
        return self.table[:, 2]

    def fill(self, chunk: Table) -> Table:
        """The chunk with its workers' region and birth month (columns of ``sql.columns()``)."""
        values = self.values(chunk[:, WORKER])
        chunk[:, sql.WORKER_REGION_COLUMN] = values[:, 0]
        chunk[:, sql.BIRTH_MONTH_COLUMN] = values[:, 1]
        return chunk


class EmployerColumns(ByIdColumns):
    """Every employer's region, JKK risk group, sector and JP deferral by id."""

    width = 4

    def read(self, raw_cursor: Any, where: str = "", params: dict[str, Any] | None = None) -> Table:
        return employers_table(raw_cursor, where, params)

    def fill(self, chunk: Table) -> Table:
        """The chunk with its employers' columns as ``sql.read_chunk_sql`` joins them: region and risk group of
        any row with an employer; sector (for PU, BPU rows keep their own) and JP deferral (PU only)."""
        rows = np.flatnonzero(chunk[:, sql.EMPLOYER_COLUMN] != 0)
        values = self.values(chunk[rows, sql.EMPLOYER_COLUMN])
        segment = chunk[rows, sql.SEGMENT_COLUMN]
        chunk[rows, sql.EMPLOYER_REGION_COLUMN] = values[:, 0]
        chunk[rows, sql.RISK_COLUMN] = values[:, 1]
        chunk[rows, sql.SECTOR_COLUMN] = np.where(
            segment == sql.SEGMENT_BPU, chunk[rows, sql.SECTOR_COLUMN], values[:, 2]
        )
        chunk[rows, sql.DEFERRAL_COLUMN] = np.where(segment == sql.SEGMENT_PU, values[:, 3], 0)
        return chunk


def chunk_limits(size: int) -> Iterator[int]:
    """Chunk sizes of the read-ahead: an eighth, a quarter and a half of ``size``, then ``size``.

    The writer waits for the first chunk with nothing to overlap it; small first chunks start it sooner,
    while the worker columns are still being read, and the read-ahead is ahead by the time chunks are full.
    """
    if size >= RAMP_FROM:
        yield from (size // 8, size // 4, size // 2)
    while True:
        yield size


RAMP_FROM = 8  # below, the sizes would round to nothing


def _connect() -> Any:
    import psycopg

    # Binds on the server (binary results), never prepared (each chunk planned with its own range).
    own = {"cursor_factory": psycopg.Cursor, "prepare_threshold": None}
    return psycopg.connect(**(connection.get_connection_params() | own), autocommit=True)


class ReadAhead:
    """Chunks read by a thread on a second PostgreSQL connection, one ahead of the writer.

    A third connection reads the worker columns at the same time (a second or more at a million workers); the
    chunks read before they arrive get their workers by id. With ``prepare``, a third thread prepares each chunk
    read (with its sponsor names, read by the reader) while the reader reads the next one, and calls ``finish``
    once it has prepared the last chunk (the one reaching the run's ``cursor_end``, or the end), if it read every
    chunk of the run from its first.
    """

    def __init__(
        self,
        run: BillingRun,
        cursor: int,
        prepare: Prepare | None = None,
        after: Query | None = None,
        finish: Callable[[], None] | None = None,
    ) -> None:
        self.run, self.chunks = run, queue.Queue[Chunk | BaseException](maxsize=1)
        self.prepare, self.start, self.finish = prepare, cursor, finish
        self.after, self.after_rows = after, queue.Queue[list[tuple[Any, ...]] | BaseException](maxsize=1)
        self.read: queue.Queue[tuple[Chunk, dict[int, str]] | BaseException] = queue.Queue(maxsize=1)
        self.stop = threading.Event()
        self.workers: queue.Queue[Table | BaseException] = queue.Queue(maxsize=1)
        self.loader = threading.Thread(target=self._load_workers, daemon=True)
        self.thread = threading.Thread(target=self._read, args=(cursor,), daemon=True)
        self.preparer = threading.Thread(target=self._prepare, daemon=True)
        self.loader.start()
        self.thread.start()
        if prepare is not None:
            self.preparer.start()

    def _load_workers(self) -> None:
        try:
            with _connect() as db, db.cursor() as c:
                c.execute("SET jit = off")
                self.workers.put(workers_table(c))
        except BaseException as exc:  # handed to the reader, which hands it to the writer
            self.workers.put(exc)

    def _read(self, cursor: int) -> None:
        try:
            with _connect() as db, db.cursor() as c:
                c.execute("SET jit = off")
                c.execute("SET work_mem = '64MB'")
                # One process: the writer's COPY has the other core, and parallel workers would take it from it (a
                # month's scan of changed rows cost 0.1 s more CPU in two workers than in this process alone).
                c.execute("SET max_parallel_workers_per_gather = 0")
                workers, loaded = WorkerColumns(c, np.empty((0, 3), dtype=np.int64)), False
                employers = EmployerColumns(c)  # tens of thousands of rows: read before the first chunk
                pairs = pairs_fit(c)
                for limit in chunk_limits(self.run.chunk_size):
                    if self.stop.is_set():
                        return
                    c.execute(sql.chunk_end_sql(), {"cursor": cursor, "limit": limit})
                    upto = c.fetchone()[0]
                    table = np.empty((0, len(WIDTHS)), dtype=np.int64)
                    if upto is not None:
                        params = _params(self.run, cursor, upto=upto)
                        if pairs:
                            table = unpack_pairs(
                                pg_table(c, sql.read_chunk_members_pairs_sql(), params, sql.MEMBERS_PAIRS_WIDTHS)
                            )
                        else:
                            packed = pg_table(c, sql.read_chunk_members_packed_sql(), params, sql.MEMBERS_PACKED_WIDTHS)
                            table = unpack_members(packed)
                        if not loaded and (not self.workers.empty() or limit == self.run.chunk_size):
                            loaded = self._take_workers(workers)  # waits for them once chunks are full
                        table = by_id(workers.fill(employers.fill(table)))
                    chunk = Chunk(cursor, None if upto is None else int(upto), table)
                    if self.prepare is None:
                        self._put(self.chunks, chunk)
                    else:
                        self._put(self.read, (chunk, _sponsor_names(c, table)))
                    if upto is None:
                        self._read_after(c)
                        return
                    cursor = int(upto)
        except BaseException as exc:  # handed to the writer (through the preparer), which raises it
            self._put(self.chunks if self.prepare is None else self.read, exc)
            self._put(self.after_rows, exc)

    def _read_after(self, c: Any) -> None:
        """The ``after`` query, once the last chunk is handed on: it runs while the writer copies the last ones."""
        if self.after is not None:
            try:
                c.execute(*self.after)
                self._put(self.after_rows, c.fetchall())
            except BaseException as exc:  # the writer reads the rows itself instead
                self._put(self.after_rows, exc)

    def after_result(self) -> list[tuple[Any, ...]] | None:
        """The ``after`` query's rows, waiting for them; None without the query or if it failed."""
        while self.after is not None:
            try:
                item = self.after_rows.get(timeout=0.5)
            except queue.Empty:
                if self.thread.is_alive() or not self.after_rows.empty():
                    continue
                return None  # the reader stopped without it
            return None if isinstance(item, BaseException) else item
        return None

    def _prepare(self) -> None:
        """Prepare each chunk read, in order, and hand it to the writer; an error read is handed on as it is."""
        assert self.prepare is not None
        whole = self.start == 0  # every chunk of the run read here, from its first
        last = self.run.cursor_end  # the highest membership id when the run began: its last chunk ends there
        while not self.stop.is_set():
            try:
                item = self.read.get(timeout=0.5)
            except queue.Empty:
                continue
            if isinstance(item, BaseException):
                self._put(self.chunks, item)
                return
            chunk, names = item
            try:
                prepared = self.prepare(chunk, names) if len(chunk.table) else None
            except BaseException as exc:  # handed to the writer, which raises it
                self._put(self.chunks, exc)
                return
            if whole and self.finish is not None and (chunk.upto is None or chunk.upto >= last):
                whole = False  # called once, before the chunk waits for the writer
                self.finish()
            self._put(self.chunks, Chunk(chunk.cursor, chunk.upto, chunk.table, prepared))
            if chunk.upto is None:
                return

    def _take_workers(self, workers: WorkerColumns) -> bool:
        item = self.workers.get()
        if isinstance(item, BaseException):
            raise item
        workers.replace(item)
        return True

    def _put(self, to: queue.Queue[Any], item: Any) -> None:
        while not self.stop.is_set():
            try:
                to.put(item, timeout=0.5)
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
        self.loader.join(timeout=30)
        if self.preparer.is_alive():
            self.preparer.join(timeout=30)


def reads_ahead() -> bool:
    """Whether chunks are read ahead on a connection of their own: PostgreSQL, outside an outer transaction."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


class ChunkSource:
    """The next chunk for the run's cursor: read ahead when possible, else read in place; ``after``, a query the
    read-ahead runs once it has read the last chunk (``after_result``); ``finish``, called by the read-ahead once
    it has prepared every chunk (see ``ReadAhead``)."""

    def __init__(
        self,
        run: BillingRun,
        prepare: Prepare | None = None,
        after: Query | None = None,
        finish: Callable[[], None] | None = None,
    ) -> None:
        self.ahead: ReadAhead | None = None
        self.prepare = prepare
        if reads_ahead():
            self.ahead = ReadAhead(run, run.cursor, prepare, after, finish)

    def after_result(self) -> list[tuple[Any, ...]] | None:
        """The rows of ``after`` read ahead, once every chunk was read; None where they were not (read in place,
        a read-ahead started again, an error): the caller then reads them itself."""
        return self.ahead.after_result() if self.ahead is not None else None

    def next(self, run: BillingRun) -> Chunk:
        if self.ahead is not None:
            chunk = self.ahead.next()
            if chunk.cursor == run.cursor:
                return chunk
            self.ahead.close()  # another process moved the run on: read on from where it stands
            self.ahead = ReadAhead(run, run.cursor, self.prepare)
            return self.ahead.next()
        return read_chunk(run, run.cursor)

    def close(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
