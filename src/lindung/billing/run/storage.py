"""Where a run's lines go: on PostgreSQL a table of the run's own, attached as its partition at the end.

PostgreSQL: ``billing_line`` is partitioned by run (migration 0002, ADR 0004). A run writes its lines into
``billing_line_run_<id>``, itself partitioned by (kind, membership): each chunk's regular lines go into a table of
their own, created and copied (``FREEZE``) in the chunk's transaction with its checkpoint and attached to it
(``chunk_write``); each chunk's key is built once it has committed, while the next chunks are written
(``ChunkKeys``); adjustments and fines go to its default partition. Finalizing adds the run table's key (taking
the chunks' as they are, building what is missing: ``KeyBuild``, on a connection of its own) and attaches the
table as the run's partition in the transaction that issues the invoices: until then no page sees the lines,
and a run killed at any point resumes with its tables as its last checkpoint left them.
SQLite: the lines go straight into ``billing_line``.

Invoices, PostgreSQL: ``billing_invoice`` is partitioned by period (migration 0009). The first run to issue a
month's invoices copies them into a table of its own, builds its key and indexes once and attaches it as the
month's partition, in the transaction that issues them (``invoice_stage``, ``invoice_attach``); a month whose
partition exists (another region's run, a late run) copies into the parent as before.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from lindung.billing.models import Invoice, Line, LineKind

log = logging.getLogger(__name__)

#: The primary key's columns on PostgreSQL (migration 0006): the account first, the run (the same in a whole
#: partition) last.
KEY = "account_id, membership_id, kind, covers_period, run_id"


def partitioned() -> bool:
    return connection.vendor == "postgresql"


def line_table(run_id: int) -> str:
    """The table the run's lines are written to and read from until the run is done."""
    return f"billing_line_run_{int(run_id)}" if partitioned() else Line._meta.db_table


def stage_create(run_id: int) -> None:
    """A fresh table for the run's lines (called once, when the run starts from nothing): partitioned by
    (kind, membership), each chunk's regular lines a table of their own (``chunk_write``), the adjustments and
    fines in the default partition; no key yet, only the adjustments' partial index.

    A run at its first chunk has no lines anywhere, so a table of that name can only be a leftover (a test
    database flushed under its partitions): it is dropped, with its partitions.
    """
    if not partitioned():
        return
    name, parent, run = line_table(run_id), Line._meta.db_table, int(run_id)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {invoice_draft_table(run_id)}")  # a leftover too (``InvoiceDraft``)
        cursor.execute(f"CREATE TABLE {name} (LIKE {parent}) PARTITION BY RANGE (kind, membership_id)")
        # The adjustments' partial index from the start: each row copied in only tests ``kind = 1`` (a month's
        # regular lines: about 0.05 s), where building it at the end scans every line again (0.12 s).
        cursor.execute(_adjustments_index(run_id))
        # Adjustments and fines, and any line not in a chunk's table. Attaching a chunk checks that no row here
        # belongs to it: this table is empty while chunks are written (adjustments come after them).
        cursor.execute(
            f"CREATE TABLE {name}_other PARTITION OF {name} (CONSTRAINT {name}_other_run CHECK (run_id = {run})) "
            "DEFAULT"
        )


def chunk_write(run_id: int, number: int, first: int, last: int, lines: dict[str, Any], payload: Any) -> int:
    """PostgreSQL: a chunk's regular lines (memberships ``first`` to ``last``) in a table of their own, created in
    the chunk's transaction and copied with ``FREEZE`` (its rows are written frozen and visible: the key's build
    later neither sets their hint bits nor dirties their pages again), then attached to the run's table; its
    check constraint proves the partition bound, so attaching does not scan it. The chunk's key is built after
    it commits (``ChunkKeys``). A run begun before the run's table was partitioned copies into it as before."""
    from lindung.billing.run.columns import write_lines

    name, run = line_table(run_id), int(run_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [name])
        row = cursor.fetchone()
        if row is None or row[0] != "p":
            return write_lines(lines, table=name, payload=payload)
        chunk, regular = chunk_table(run_id, number), int(LineKind.REGULAR)
        cursor.execute(
            f"CREATE TABLE {chunk} (LIKE {Line._meta.db_table}, CONSTRAINT {chunk}_part CHECK (run_id = {run} "
            f"AND kind = {regular} AND membership_id >= {int(first)} AND membership_id <= {int(last)}))"
        )
        cursor.execute(_adjustments_index_on(chunk))  # none of its rows: the run's index takes it as it is
        written = write_lines(lines, table=chunk, payload=payload, freeze=True)
        cursor.execute(
            f"ALTER TABLE {name} ATTACH PARTITION {chunk} "
            f"FOR VALUES FROM ({regular}, {int(first)}) TO ({regular}, {int(last) + 1})"
        )
    return written


def chunk_table(run_id: int, number: int) -> str:
    """The table of the run's ``number``-th chunk (from 1)."""
    return f"{line_table(run_id)}_{int(number)}"


class ChunkKeys:
    """Each committed chunk's key, built on a connection of its own while the run writes the next chunks.

    The finalizing transaction then adds the run table's key, which takes every chunk's as it is and builds only
    the missing ones (the adjustments' partition; a chunk whose build failed or was not reached: a resumed run).
    """

    def __init__(self) -> None:
        self.todo: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._build, daemon=True)
        self.thread.start()

    def add(self, table: str) -> None:
        self.todo.put(table)

    def _build(self) -> None:
        import psycopg

        try:
            with psycopg.connect(**connection.get_connection_params(), autocommit=True) as db:
                db.execute("SET maintenance_work_mem = '256MB'")
                db.execute("SET max_parallel_maintenance_workers = 0")  # the writer and the reader have the cores
                while (table := self.todo.get()) is not None:
                    db.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY ({KEY})")
        except Exception as exc:  # the run's key builds what is missing
            log.warning("billing chunk keys: %s", type(exc).__name__)
            while self.todo.get() is not None:
                pass

    def close(self) -> None:
        """Wait for the keys of the chunks added so far."""
        self.todo.put(None)
        self.thread.join()


def _key_statements(run_id: int) -> list[str]:
    """Build the key (one sorted pass) and the adjustments index, each only if not built yet (a resumed run; a
    run begun before the index was made with the table)."""
    name = line_table(run_id)
    return [
        "SET LOCAL maintenance_work_mem = '256MB'",
        f"LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE",  # a second process building the same key waits here
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '{name}'::regclass "  # noqa: S608
        f"AND contype = 'p') THEN ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY ({KEY}); END IF; END $$",
        _adjustments_index(run_id),
    ]


def _adjustments_index(run_id: int) -> str:
    return _adjustments_index_on(line_table(run_id))


def _adjustments_index_on(name: str) -> str:
    return f"CREATE INDEX IF NOT EXISTS {name}_adjustments ON {name} (covers_period, membership_id) WHERE kind = 1"


def stage_key(run_id: int) -> None:
    """The staged table's key and index, in the current transaction (see ``KeyBuild`` for the parallel way)."""
    if not partitioned():
        return
    with connection.cursor() as cursor:
        for statement in _key_statements(run_id):
            cursor.execute(statement)


def stage_attach(run_id: int) -> None:
    """Attach the table as the run's partition, its key built first if ``KeyBuild`` has not.

    The check constraint proves the partition bound, so attaching does not scan the rows again.
    """
    if not partitioned():
        return
    stage_key(run_id)
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {Line._meta.db_table} ATTACH PARTITION {line_table(run_id)} FOR VALUES IN ({int(run_id)})"
        )


class KeyBuild:
    """The staged table's key built and committed on a connection of its own while the run writes its invoices.

    Building the key (a parallel sort on the server) and copying the invoices each keep a server process busy
    for a second or two; side by side they take the time of the longer. The staged table is not a partition
    yet, so no page sees it either way, and a run killed meanwhile finds the key built or not, and
    ``stage_attach`` builds what is missing. Only for a run whose lines are all written and that reads none of
    them in the transaction that waits here (it would hold a lock the key build waits for).
    """

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._build, daemon=True)
        self.thread.start()

    def _build(self) -> None:
        import psycopg

        try:
            with psycopg.connect(**connection.get_connection_params()) as db, db.cursor() as cursor:
                # One process: the invoices' COPY may have the other core (a parallel build would take it from them).
                cursor.execute("SET max_parallel_maintenance_workers = 0")
                for statement in _key_statements(self.run_id):
                    cursor.execute(statement)
        except BaseException as exc:  # raised by ``wait`` in the run's thread
            self.error = exc

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def invoice_partition(period: dt.date) -> str:
    """The month's partition of ``billing_invoice`` (PostgreSQL)."""
    return f"{Invoice._meta.db_table}_{period:%Y%m}"


def month_is_new(cursor: Any, period: dt.date) -> bool:
    """Whether the caller's transaction is the one to create ``period``'s partition: none attached yet and no
    invoice of the month in the default partition. Takes a lock on the period until the transaction ends, so
    two regions' runs of one month do not both create its table."""
    name, day = invoice_partition(period), f"DATE '{period.isoformat()}'"
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('billing_invoice'), %s)", [period.year * 100 + period.month])
    cursor.execute("SELECT relispartition FROM pg_class WHERE relname = %s AND relkind = 'r'", [name])
    row = cursor.fetchone()
    if row is not None and row[0]:
        return False
    cursor.execute(f"SELECT 1 FROM {Invoice._meta.db_table}_default WHERE period = {day} LIMIT 1")  # noqa: S608
    return cursor.fetchone() is None


def invoice_stage(period: dt.date) -> str | None:
    """PostgreSQL, the first invoices of ``period``: a fresh table without indexes for them (its name); None to
    copy into ``billing_invoice`` as it is (SQLite; the month's partition exists; or invoices of the month
    were inserted one by one into the default partition). In the caller's transaction (``month_is_new``)."""
    if not partitioned():
        return None
    name, parent, day = invoice_partition(period), Invoice._meta.db_table, f"DATE '{period.isoformat()}'"
    with connection.cursor() as cursor:
        if not month_is_new(cursor, period):
            return None
        # A table of that name not attached can only be a leftover (its transaction always attaches it).
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS, CONSTRAINT {name}_period CHECK (period = {day}))"
        )
    return name


def _invoice_index_statements(name: str) -> list[str]:
    """The month partition's key and indexes over the rows of ``name``, each built once."""
    return [
        "SET LOCAL maintenance_work_mem = '256MB'",
        # One process per build: the run's other work has the other core, and a month's invoices are a tenth of
        # its lines (parallel workers cost more CPU than they save here).
        "SET LOCAL max_parallel_maintenance_workers = 0",
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY (id, period)",
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_one UNIQUE (account_id, period)",
        f"CREATE INDEX {name}_region ON {name} (region_id, status, due_date)",
    ]


def invoice_attach(period: dt.date) -> None:
    """The staged month's key and indexes, each built once over the copied rows, then the table attached: its
    check constraint proves the partition bound, so attaching does not scan the rows again."""
    name, parent = invoice_partition(period), Invoice._meta.db_table
    with connection.cursor() as cursor:
        for statement in _invoice_index_statements(name):
            cursor.execute(statement)
        cursor.execute(f"ALTER TABLE {parent} ATTACH PARTITION {name} FOR VALUES IN (DATE '{period.isoformat()}')")


def invoice_draft_table(run_id: int) -> str:
    """The table a run drafts its invoices in (``InvoiceDraft``) before it issues them."""
    return f"{Invoice._meta.db_table}_run_{int(run_id)}"


def invoice_draft_drop(run_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {invoice_draft_table(run_id)}")


class InvoiceDraft:
    """A month's invoices copied and indexed on a connection of their own while the run still copies its lines.

    The read-ahead knows every regular line's sums once it has prepared the last chunk, a chunk or two before the
    run's connection has copied them all. From those sums this thread copies the invoices into a table of the
    run's own (``invoice_draft_table``), builds the month partition's key and indexes over it and commits: a
    table no query reads (it is not a partition), dropped by the run that finds it and cannot use it (a resumed
    run; a month whose partition another run made first). Issuing then compares the sums it would issue with the
    drafted ones (``changes``): the accounts whose invoice differs (adjustments, fines, a chunk computed again)
    are deleted from the draft and copied again, and the table is renamed to the month's partition and attached
    in the issuing transaction, as ``invoice_attach`` would. The draft is an optimisation only: what is issued
    is always the issuing transaction's own sums.
    """

    #: Beyond this share of changed accounts the draft is dropped and the invoices written as without it.
    MAX_CHANGED = 0.05

    def __init__(
        self,
        run_id: int,
        period: dt.date,
        sums: tuple[Any, Any],
        payload: Callable[[], memoryview],
        parts: list[Any] | None = None,
    ) -> None:
        self.run_id, self.period, self.table = run_id, period, invoice_draft_table(run_id)
        self.accounts, self.values = sums
        self.parts = parts or []  # the batches of sums ``sums`` was made of
        self.payload = payload
        self.used = False  # issued from (``invoices._issue_draft``)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._build, daemon=True)
        self.thread.start()

    def _build(self) -> None:
        import psycopg

        from lindung.billing.run.invoices import INVOICE_COLUMNS

        name, parent, day = self.table, Invoice._meta.db_table, f"DATE '{self.period.isoformat()}'"
        try:
            with psycopg.connect(**connection.get_connection_params()) as db, db.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
                cursor.execute(
                    f"CREATE TABLE {name} (LIKE {parent} INCLUDING DEFAULTS, "
                    f"CONSTRAINT {name}_period CHECK (period = {day}))"
                )
                with cursor.copy(f"COPY {name} ({INVOICE_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(self.payload())
                for statement in _invoice_index_statements(name):
                    cursor.execute(statement)
        except BaseException as exc:  # the run writes its invoices without the draft
            self.error = exc
            log.warning("billing run %s: invoice draft failed (%s)", self.run_id, type(exc).__name__)

    def made_of(self, parts: list[Any]) -> bool:
        """Whether ``parts`` are the very batches the draft was summed from (then its sums are theirs)."""
        return len(parts) == len(self.parts) and all(a is b for a, b in zip(parts, self.parts, strict=True))

    def ready(self) -> bool:
        """Wait for the draft; whether it was built."""
        self.thread.join()
        return self.error is None

    def changes(self, accounts: Any, values: Any) -> tuple[Any, Any] | None:
        """(accounts to delete from the draft, rows of ``accounts`` to copy into it) for the sums to issue; None
        when too many differ to be worth it. Both sums are sorted by account."""
        import numpy as np

        from lindung.billing.run.lookup import IdIndex

        drafted, old = self.accounts, self.values
        if len(accounts) == len(drafted) and np.array_equal(accounts, drafted) and np.array_equal(values, old):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.intp)
        at = IdIndex(drafted).of(accounts)
        present = at >= 0
        same = present & np.all(old[np.maximum(at, 0)] == values, axis=1) if len(drafted) else present
        rows = np.flatnonzero(~same)
        gone = drafted[~np.isin(drafted, accounts)]
        if len(rows) + len(gone) > max(100, self.MAX_CHANGED * len(accounts)):
            return None
        return np.concatenate([accounts[rows[present[rows]]], gone]), rows
