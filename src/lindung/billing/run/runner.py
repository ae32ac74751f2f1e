"""The billing run: lines chunk by chunk with a checkpoint in the same transaction, then adjustments, then issue.

Each chunk reads the next memberships after ``run.cursor`` straight into columns, computes every share with the
rules engine, writes the lines and moves the cursor — all in one transaction, under a lock on the run row. A run
killed at any point resumes from its last committed chunk and ends identical to an uninterrupted run; a run
already done is returned untouched, so starting a period twice creates nothing new. Where the lines are kept
until the run is done, and how the invoices are summed, is in ``storage`` and ``invoices`` (ADR 0004).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction
from django.utils import timezone

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingRun, LateFine, LineKind, RunPhase, RunStatus
from lindung.billing.run import adjust, sql, storage
from lindung.billing.run.accounts import AccountMap, billed
from lindung.billing.run.columns import Inputs, lines_to_copy, pg_day, write_lines
from lindung.billing.run.invoices import InvoiceSums, batch_sums, invoices_write, pg_payload, sums_from_lines
from lindung.billing.run.lines import Columns, assemble, refset_ids, regular_lines
from lindung.billing.run.prefetch import Chunk, ChunkSource, reads_ahead
from lindung.core.audit import audit_record
from lindung.core.db import sqlite_page_cache
from lindung.coverage.tasks import coverage_refresh_later

log = logging.getLogger(__name__)
Progress = Callable[[BillingRun], None]


@dataclass
class RunStats:
    """Seconds spent per step (for the benchmark); ``keep`` also keeps every chunk's inputs and lines."""

    keep: bool = False
    seconds: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(
            ("begin", "read", "accounts", "compute", "write", "adjust", "finalize", "invoices", "key"), 0.0
        )
    )
    inputs: list[Inputs] = field(default_factory=list)
    lines: list[Columns] = field(default_factory=list)
    prepared: int = 0  # chunks whose lines the read-ahead computed (``Prepared``)
    changed_read_ahead: bool = False  # the adjustments' changed rows were read by the read-ahead
    drafted: str = ""  # the invoices drafted beside the writer (``storage.InvoiceDraft``): "used" or "dropped"

    @contextmanager
    def timing(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[step] += time.perf_counter() - start


#: Test hook: stop the process (as a kill would) after this many committed chunks, inside the next chunk.
KILL_ENV = "LINDUNG_BILLING_KILL_AFTER_CHUNKS"
KILLED_EXIT = 137


def _now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


@transaction.atomic
def _begin(run: BillingRun) -> BillingRun:
    """Note the last membership id (first start only); mark the run running."""
    run = BillingRun.objects.select_for_update().get(pk=run.pk)
    if run.status == RunStatus.DONE:  # finished by another process since the caller read it: stays done
        return run
    sql.tune_transaction()
    if run.phase == RunPhase.LINES and run.cursor == 0:
        with connection.cursor() as cursor:
            cursor.execute(sql.last_id_sql())
            run.cursor_end = int(cursor.fetchone()[0] or 0)
        run.skipped_rows = 0  # counted chunk by chunk (``accounts.billed``)
        storage.stage_create(run.pk)
    run.status = RunStatus.RUNNING
    run.started_at = run.started_at or timezone.now()
    run.error = ""
    run.save()
    return run


def _kill_hook(run: BillingRun) -> None:
    after = os.environ.get(KILL_ENV)
    if after is not None and run.chunks_done >= int(after):
        os._exit(KILLED_EXIT)


@dataclass(frozen=True)
class Prepared:
    """A chunk's lines computed on the read-ahead's thread while the run's connection copies the chunk before:
    used when the account map has not changed since (``AccountMap.version``), else computed again in place."""

    inputs: Inputs
    lines: Columns
    payload: memoryview  # the lines' binary COPY
    skipped: int
    version: int
    sums: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]  # the lines' sums by account (``batch_sums``)


class Preparer:
    """The read-ahead's ``prepare``: a chunk's billed rows, accounts, lines and COPY payload, or None where the
    chunk needs the run's connection (a payer without an account yet) or the account map is not loaded yet."""

    def __init__(self, run: BillingRun) -> None:
        self.run, self.month = run, rules.month_index(run.period.year, run.period.month)
        self.accounts: AccountMap | None = None  # set once loaded (the read-ahead starts before)
        self.seen: list[int] = []  # the cursor each chunk read starts after, in order
        self.parts: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}  # sums of chunks prepared
        #: The writer's sums of the chunks it committed (``InvoiceSums.by_chunk``): those computed in place.
        self.committed: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
        self.draft: storage.InvoiceDraft | None = None  # set by ``finish``

    def __call__(self, chunk: Chunk, names: dict[int, str]) -> Prepared | None:
        run, accounts, table = self.run, self.accounts, chunk.table
        self.seen.append(chunk.cursor)
        if accounts is None:
            return None
        rows, skipped = billed(table, run.region_id)
        mapped = accounts.mapped(rows, self.month, names)
        if mapped is None:
            return None
        inputs, version = mapped
        lines = regular_lines(run_id=run.pk, refset_id=run.refset_id, period=run.period, inputs=inputs)
        prepared = Prepared(inputs, lines, lines_to_copy(lines), skipped, version, batch_sums(lines))
        self.parts[chunk.cursor] = prepared.sums
        return prepared

    def finish(self) -> None:
        """Every chunk of the run is read and prepared (called by the read-ahead once, as soon as it has
        prepared the last one): draft the invoices from their sums while the run's connection copies the last
        chunks (``storage.InvoiceDraft``); a chunk the read-ahead could not prepare (the first ones, read while
        the account map loaded) gives the sums the writer made of it. Issuing compares the drafted sums with the
        sums it issues, so a draft is never wrong, only of no use."""
        run = self.run
        try:
            parts = [self.parts.get(cursor) or self.committed.get(cursor) for cursor in self.seen]
            if any(part is None for part in parts):  # computed in place and not committed yet
                return
            made_of = [p for p in parts if p is not None]
            sums = InvoiceSums(complete=True, parts=made_of).totals()
            if not len(sums[0]):
                return
            dues = (rules.due_date("PU", run.period), rules.due_date("BPU", run.period))
            head, now = (run.period, run.pk, run.region_id), _now()
            self.draft = storage.InvoiceDraft(
                run.pk, run.period, sums, lambda: pg_payload(sums=sums, head=head, dues=dues, now=now), made_of
            )
        except Exception as exc:  # the run issues its invoices without a draft
            log.warning("billing run %s: no invoice draft (%s)", run.pk, type(exc).__name__)


def _chunk(
    run_id: int,
    source: ChunkSource,
    accounts: AccountMap,
    stats: RunStats,
    sums: InvoiceSums,
    keys: storage.ChunkKeys | None = None,
) -> tuple[BillingRun, int]:
    """Write one chunk of lines and move the checkpoint, atomically; 0 rows means the phase is over."""
    with transaction.atomic():
        run, written, lines, batch, start = _chunk_write(run_id, source, accounts, stats)
    if lines is not None:  # committed
        sums.add(lines, batch, chunk=start)  # the sums made with a prepared chunk: none left for the writer's thread
        sums.chunks += 1
        if keys is not None:
            keys.add(storage.chunk_table(run.pk, run.chunks_done))
    return run, written


def _chunk_write(
    run_id: int, source: ChunkSource, accounts: AccountMap, stats: RunStats
) -> tuple[BillingRun, int, Columns | None, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None, int]:
    run = BillingRun.objects.select_for_update().get(pk=run_id)
    if run.phase != RunPhase.LINES:
        return run, 0, None, None, run.cursor
    sql.tune_transaction()
    with stats.timing("read"):
        chunk = source.next(run)
    if chunk.upto is None:
        run.phase = RunPhase.ADJUSTMENTS
        run.save(update_fields=["phase"])
        return run, 0, None, None, chunk.cursor
    prepared: Prepared | None = chunk.prepared
    batch = None
    if prepared is not None and prepared.version == accounts.version:  # no account opened since: still right
        inputs, lines, skipped, payload = prepared.inputs, prepared.lines, prepared.skipped, prepared.payload
        batch = prepared.sums
        stats.prepared += 1
    else:
        with stats.timing("accounts"):
            table, skipped = billed(chunk.table, run.region_id)
            inputs = accounts.inputs(table)
        with stats.timing("compute"):
            lines = regular_lines(run_id=run.pk, refset_id=run.refset_id, period=run.period, inputs=inputs)
        payload = None
    with stats.timing("write"):
        if storage.partitioned():  # a table of the chunk's own, attached to the run's
            storage.chunk_write(run.pk, run.chunks_done + 1, chunk.cursor + 1, chunk.upto, lines, payload)
        else:
            write_lines(lines, table=storage.line_table(run.pk), payload=payload)
    if stats.keep:
        stats.inputs.append(inputs)
        stats.lines.append(lines)
    _kill_hook(run)
    run.cursor = chunk.upto
    run.rows_done += len(inputs)
    run.chunks_done += 1
    run.skipped_rows += skipped
    run.save(update_fields=["cursor", "rows_done", "chunks_done", "skipped_rows"])
    return run, max(len(chunk.table), 1), lines, batch, chunk.cursor


def _adjustments(
    run_id: int,
    sums: InvoiceSums,
    accounts: AccountMap,
    changed: tuple[adjust.ChangedScan, adjust.Changed] | None = None,
) -> BillingRun:
    written: list[Columns] = []
    with transaction.atomic():
        run = BillingRun.objects.select_for_update().get(pk=run_id)
        if run.phase != RunPhase.ADJUSTMENTS:
            sums.complete = False  # done by another process (or attempt): its lines are not in memory
            return run
        for columns in adjust.adjustment_lines(run, accounts, changed):
            run.adjustment_lines += write_lines(columns, table=storage.line_table(run.pk))
            written.append(columns)
        fines = _fine_lines(run)
        if fines is not None:
            run.fine_lines = write_lines(fines, table=storage.line_table(run.pk))
            written.append(fines)
        run.phase = RunPhase.FINALIZE
        run.save(update_fields=["phase", "adjustment_lines", "fine_lines"])
    for columns in written:  # once committed: a failed transaction leaves ``sums`` as it was
        sums.add(columns)
    return run


def _fine_columns(run: BillingRun, grouped: dict[tuple[int, dt.date], npt.NDArray[np.int64]]) -> Columns:
    """Fine lines: membership 0, the employer columns carrying the fine of JKK, JKM, JHT and JP."""
    keys = sorted(grouped)
    n = len(keys)
    sums = np.asarray([grouped[k] for k in keys], dtype=np.int64)
    zero = np.zeros(n, dtype=np.int64)
    small = np.zeros(n, dtype=np.int8)
    inputs = Inputs(
        zero,
        np.asarray([k[0] for k in keys], dtype=np.int64),
        small,
        zero,
        small,
        np.zeros(n, dtype=np.uint8),
        np.full(n, -1, dtype=np.int32),
        small,
        small,
        small,
        np.zeros(n, dtype=np.int32),
        zero,
    )
    amounts = dict(
        jkk=sums[:, 0],
        jkm=sums[:, 1],
        jht_employer=sums[:, 2],
        jht_worker=zero,
        jp_employer=sums[:, 3],
        jp_worker=zero,
        jkp_government=zero,
    )
    refsets = refset_ids(run.rules_version, (q for _a, q in keys))
    covers = np.asarray([pg_day(q) for _a, q in keys], dtype=np.int32)
    refset_of_line = np.asarray([refsets[q] for _a, q in keys], dtype=np.int64)
    return assemble(
        run_id=run.pk, kind=LineKind.FINE, inputs=inputs, covers=covers, refsets=refset_of_line, amounts=amounts
    )


def _fine_lines(run: BillingRun) -> Columns | None:
    """Fines of late payments not yet billed: one line per (account, month fined) on this run's invoices, the
    fines marked billed by this run (in the caller's transaction, with the lines' writing)."""
    fines = list(
        LateFine.objects.filter(billed_run__isnull=True, account__region=run.region_id)
        .select_related("invoice")
        .order_by("account_id", "invoice__period")
    )
    if not fines:
        return None
    grouped: dict[tuple[int, dt.date], npt.NDArray[np.int64]] = {}
    for fine in fines:
        key = (fine.account_id, fine.invoice.period)
        parts = np.asarray([fine.jkk, fine.jkm, fine.jht, fine.jp], dtype=np.int64)
        grouped[key] = grouped.get(key, np.zeros(4, dtype=np.int64)) + parts
    LateFine.objects.filter(pk__in=[f.pk for f in fines]).update(billed_run=run)
    return _fine_columns(run, grouped)


def _in_memory(run: BillingRun, sums: InvoiceSums) -> bool:
    """Whether this process added every line of the run to ``sums`` (else the invoices are summed in SQL)."""
    return sums.complete and sums.chunks == run.chunks_done


def _issue(run: BillingRun, sums: InvoiceSums, draft: storage.InvoiceDraft | None) -> int:
    """Invoices from the sums kept in memory when this process wrote every line, else summed in SQL."""
    if _in_memory(run, sums) and draft is not None and draft.made_of(sums.parts):
        totals = (draft.accounts, draft.values)  # every line written came in the batches the draft summed
    else:
        totals = sums.totals() if _in_memory(run, sums) else sums_from_lines(run.pk)
    dues = (rules.due_date("PU", run.period), rules.due_date("BPU", run.period))
    return invoices_write(
        run_id=run.pk, region_id=run.region_id, period=run.period, dues=dues, now=_now(), sums=totals, draft=draft
    )


def _key_beside(run: BillingRun, sums: InvoiceSums) -> storage.KeyBuild | None:
    """The line key built beside the invoices (PostgreSQL), when issuing reads no line (sums in memory) and no
    outer transaction would hide the lines from the key's own connection."""
    parallel = storage.partitioned() and not connection.in_atomic_block
    if parallel and run.phase == RunPhase.FINALIZE and _in_memory(run, sums):
        return storage.KeyBuild(run.pk)
    return None


@transaction.atomic
def _finalize(
    run_id: int,
    sums: InvoiceSums,
    stats: RunStats,
    key: storage.KeyBuild | None,
    draft: storage.InvoiceDraft | None = None,
) -> BillingRun:
    from lindung.billing.services.payments import credit_apply_for_run

    run = BillingRun.objects.select_for_update().get(pk=run_id)
    if run.phase != RunPhase.FINALIZE:
        if draft is not None and draft.ready():
            storage.invoice_draft_drop(run_id)  # issued by another process meanwhile
        return run
    sql.tune_transaction()
    if key is not None and not _in_memory(run, sums):
        raise RuntimeError("the key is being built beside a run that would read its lines")  # see ``KeyBuild``
    with stats.timing("invoices"):
        run.invoices_created = _issue(run, sums, draft)
    if draft is not None:
        stats.drafted = "used" if draft.used else "dropped"
    with stats.timing("key"):
        if key is not None:
            key.wait()
        storage.stage_attach(run.pk)
    credit_apply_for_run(run=run)
    run.phase, run.status, run.finished_at = RunPhase.DONE, RunStatus.DONE, timezone.now()
    run.save()
    audit_record(
        action="billing_run",
        object_type="billing.BillingRun",
        object_id=str(run.pk),
        after={
            "period": run.period.isoformat(),
            "region": run.region_id,
            "lines": run.rows_done,
            "adjustments": run.adjustment_lines,
            "fines": run.fine_lines,
            "invoices": run.invoices_created,
            "rules_version": run.rules_version,
        },
    )
    coverage_refresh_later(run.region_id)  # queued once this transaction commits
    return run


def _fail(run_id: int, exc: BaseException, owner: str | None) -> None:
    """Mark the run failed, unless another owner took it over meanwhile (``owner``: the ``task_id`` it began
    with; None if it failed before beginning): that owner runs it now, and its page must not say failed."""
    message = f"{type(exc).__name__}: {exc}"[:500]
    mine = BillingRun.objects.filter(pk=run_id)
    if owner is not None:
        mine = mine.filter(task_id=owner)
    if mine.update(status=RunStatus.FAILED, error=message):
        log.error("billing run %s failed: %s", run_id, type(exc).__name__)
    else:
        log.warning("billing run %s: %s after another owner took it over", run_id, type(exc).__name__)


def execute(run: BillingRun, *, progress: Progress | None = None, stats: RunStats | None = None) -> BillingRun:
    """Run (or resume) ``run`` to the end; a run already done is returned as it is."""
    if run.status == RunStatus.DONE:
        return run
    # SQLite: a bulk writer's page cache for the run: each chunk inserts all over the line key and reads the
    # registry's pages, which SQLite's default 2 MB would read again (0.35 s of CPU a month at 200,000 workers).
    with sqlite_page_cache():
        return _execute(run, progress, stats or RunStats())


def _execute(run: BillingRun, progress: Progress | None, stats: RunStats) -> BillingRun:
    owner: str | None = None
    preparer: Preparer | None = None
    try:
        with stats.timing("begin"):
            run = _begin(run)
        owner = run.task_id
        if progress:
            progress(run)
        sums = InvoiceSums(complete=run.phase == RunPhase.LINES and run.cursor == 0)
        preparer = Preparer(run)
        preparer.committed = sums.by_chunk
        # The read-ahead starts on the workers while the account map loads; once it has read the last chunk it
        # reads the rows changed since the earlier months were billed (the adjustments' scan), beside the writer.
        scan = adjust.changed_scan(run) if run.phase == RunPhase.LINES and reads_ahead() else None
        finish = preparer.finish if storage.partitioned() and run.phase == RunPhase.LINES and run.cursor == 0 else None
        source = ChunkSource(run, preparer, after=scan.sql() if scan is not None else None, finish=finish)
        changed: tuple[adjust.ChangedScan, adjust.Changed] | None = None
        # Each chunk's key built once it is committed, on a connection of its own (PostgreSQL, outside an outer
        # transaction, which would hide the chunk from it); finalizing builds whatever is missing.
        keys = storage.ChunkKeys() if storage.partitioned() and not connection.in_atomic_block else None
        try:
            accounts = AccountMap.load(run.region_id)
            accounts.warm(preparer.month)
            preparer.accounts = accounts
            while True:
                run, written = _chunk(run.pk, source, accounts, stats, sums, keys)
                if progress:
                    progress(run)
                if written == 0:
                    break
            rows = source.after_result() if scan is not None else None
            if scan is not None and rows is not None:
                changed = (scan, {pk: (saved, ended) for pk, saved, ended in rows})
                stats.changed_read_ahead = True
        finally:
            source.close()
            if keys is not None:
                keys.close()
        with stats.timing("adjust"):
            run = _adjustments(run.pk, sums, accounts, changed)
        with stats.timing("finalize"):
            key = _key_beside(run, sums)
            try:
                run = _finalize(run.pk, sums, stats, key, preparer.draft)
            finally:
                if key is not None:
                    key.thread.join()  # never left building after a failure: a retry would wait on its lock
    except Exception as exc:
        if preparer is not None and preparer.draft is not None:
            preparer.draft.thread.join()  # its table is dropped by the next attempt
        _fail(run.pk, exc, owner)
        raise
    if progress:
        progress(run)
    return run
