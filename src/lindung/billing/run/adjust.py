"""Adjustments: a membership change after a month was invoiced shows on the next invoice, never as an edit.

A membership row never changes its content (the registry ends it and opens a new one), so what can differ from
what was billed is *presence*: a row now active in an earlier month but never billed there (registered late,
a back-dated change) is added; a row billed there but ended before that month is reversed. Rule or employer
changes do not re-bill the past: a reversed row is reversed with the inputs it was billed with, and a PU row
added to an earlier month takes its employer's terms (JKK risk group, sector, JP deferral) as that month billed
them to the employer's other workers, not as the employer stands today (``_as_billed_terms``).

The cost follows the changes since the last run, not the history. A row changes twice at most: when it is
saved (``created_at``; or an id above a run's ``cursor_end``, for loads that back-date ``created_at``) and
when its end is recorded (``ended_at``).
For each earlier month q, ``_marks`` finds how far q is already reconciled: the latest done run r of the region
with a later period that started after q was done. r's adjustment phase compared q with every row changed
before r began (see below), so only rows changed since ``r.started_at - MARGIN``, or with an id above
``r.cursor_end``, can differ from what q billed; when no such r exists, q's own start and id range mark what
its regular lines read. Why this is complete, by induction over the runs after q:

- q's lines were read after every change saved before ``q.started_at - MARGIN`` had committed (``MARGIN``
  bounds how long a transaction holds a saved row before committing it), so for those rows what q billed is
  their presence as saved.
- a run r that starts after q is done has q among its earlier months and reads the rows after it began; it
  compares q with every row changed since q's mark (the induction hypothesis gives that mark), so after r
  every row changed before ``r.started_at - MARGIN`` is billed in q as it now stands. Rows changed earlier
  were already right, and a row does not change again without a new ``created_at`` or ``ended_at``.
- comparing again is harmless: the net of q's regular and adjustment lines already carries an earlier
  adjustment, so a second comparison finds nothing to add or reverse.

Only pairs where a difference is possible are looked up: never a month before the row starts (``valid_from``
never changes, so it was never billed there); and for a row saved before q's mark whose end came since, only
a month the end left behind (it was billed there while open). A row ended by a writer that did not record
``ended_at`` is examined every run: slower, never wrong. Runs done before ``ended_at`` existed are covered by
the registry migration that gave every ended row ``ended_at`` = the time of the migration.

Cost: one pass over the membership table for the changed rows (no index on ``created_at`` or ``ended_at``:
every bulk insert would pay for it, and the run reads the whole table anyway), then two key lookups per
(changed row, month) pair. With nothing changed since the previous run, nothing is looked up.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Max, Min, Q

from lindung.billing import rules_adapter as rules
from lindung.billing.models import AMOUNT_COLUMNS, BillingAccount, BillingRun, Line, LineKind, RunStatus
from lindung.billing.run import sql
from lindung.billing.run.accounts import WIDTH, AccountMap
from lindung.billing.run.columns import Inputs, pg_day, read_table
from lindung.billing.run.lines import Columns, amounts_for, assemble, month_bounds, refset_ids, with_participants
from lindung.registry.models import Membership, MergeJournal, PayerKind

log = logging.getLogger(__name__)

#: A membership saved this long before a run began may have committed after the run read its id range.
MARGIN = dt.timedelta(minutes=30)
OPEN_END = 2**31 - 1
BATCH = 5000  # rows per query: their (account, membership) pairs stay under SQLite's 32,766 parameters
_INPUT_FIELDS = (
    "segment", "risk_group", "programs", "funded_by", "birth_month", "sector", "participants", "jp_deferral", "wage"
)  # fmt: skip
_INPUT_TYPES = (np.int8, np.int8, np.uint8, np.int8, np.int32, np.int8, np.int32, np.int8, np.int64)
_AMOUNTS_AT = 1 + len(_INPUT_FIELDS)  # where a billed row's amounts start
_BILLED_FIELDS = ("membership_id", *_INPUT_FIELDS, *AMOUNT_COLUMNS)


@lru_cache(maxsize=256)
def _month_days(period: dt.date) -> tuple[int, int]:
    """First and last day of the month as day numbers (asked for every candidate and earlier month)."""
    bounds = month_bounds(period)
    return pg_day(bounds["first_day"]), pg_day(bounds["last_day"])


@dataclass(frozen=True)
class Mark:
    """Month ``period`` is billed as the registry stands for every row saved and ended before ``since`` with
    an id up to ``upto``; only the other rows are compared with it."""

    period: dt.date
    since: dt.datetime
    upto: int


@dataclass
class Candidate:
    index: int  # row of the candidates' Inputs
    membership_id: int
    account_id: int
    valid_from: int  # day numbers since 2000-01-01
    valid_to: int
    created_at: dt.datetime
    ended_at: dt.datetime | None
    #: Self-paid accounts the row may have been billed to before a worker merge moved it (see ``_merged_accounts``).
    earlier_accounts: tuple[int, ...] = ()

    def active_in(self, period: dt.date) -> bool:
        first, last = _month_days(period)
        return self.valid_from <= last and self.valid_to >= first

    def saved_since(self, mark: Mark) -> bool:
        return self.membership_id > mark.upto or self.created_at >= mark.since

    def ended_since(self, mark: Mark) -> bool:
        unrecorded = self.ended_at is None and self.valid_to != OPEN_END
        return unrecorded or (self.ended_at is not None and self.ended_at >= mark.since)

    def may_differ(self, mark: Mark) -> bool:
        """Whether the month of ``mark`` may have billed this row otherwise than it now stands."""
        first, last = _month_days(mark.period)
        if self.valid_from > last:
            return False  # starts after the month: never billed there
        if self.saved_since(mark):
            return True
        return self.ended_since(mark) and self.valid_to < first


@dataclass
class Scan:
    """What one run examined: rows read as candidates and (row, month) pairs looked up (operations figures)."""

    months: int = 0
    candidates: int = 0
    compared: int = 0


@dataclass
class Pending:
    added: list[tuple[Candidate, dt.date]] = field(default_factory=list)
    removed: list[tuple[int, int, dt.date, tuple[Any, ...]]] = field(default_factory=list)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _begun(run: BillingRun) -> dt.datetime:
    return run.started_at or run.created_at


def _marks(run: BillingRun, earlier: list[BillingRun]) -> list[Mark]:
    """Per earlier month: the start (less ``MARGIN``) and id range of the latest run that reconciled it."""
    done = BillingRun.objects.filter(region=run.region_id, status=RunStatus.DONE).exclude(pk=run.pk)
    runs = list(done.only("period", "cursor_end", "created_at", "started_at", "finished_at"))
    marks = []
    for q in earlier:
        later = [r for r in runs if r.period > q.period and q.finished_at and _begun(r) > q.finished_at]
        last = max(later, key=_begun, default=q)
        marks.append(Mark(q.period, _begun(last) - MARGIN, last.cursor_end))
    return marks


Changed = dict[int, tuple[dt.datetime, dt.datetime | None]]  # membership → (created_at, ended_at)


@dataclass(frozen=True)
class ChangedScan:
    """The rows changed since the oldest mark of a run's earlier months: its bounds, and the query reading them
    (one pass over the membership table), so that it can run on another connection while the lines are written.

    Reading it any time after the run began is the same as reading it in the adjustment phase: the run compares
    the rows changed before it began (less ``MARGIN``); a row changed later is compared by the next run.
    """

    since: dt.datetime
    upto: int

    def queryset(self) -> Any:
        changed = (
            Q(pk__gt=self.upto)
            | Q(created_at__gte=self.since)
            | Q(ended_at__gte=self.since)
            | Q(ended_at__isnull=True, valid_to__isnull=False)
        )
        # No ORDER BY (Membership's default is ``-valid_from``): sorted, SQLite walks the valid_from index over
        # every row (0.44 s at 200,000 workers) instead of one scan of the table (0.08 s).
        return Membership.objects.filter(changed).order_by().values_list("pk", "created_at", "ended_at")

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """The query as SQL and parameters, for a raw cursor of another connection (compiled here)."""
        query: Any = self.queryset().query
        sql, params = query.sql_with_params()
        return sql, tuple(params)

    def read(self) -> Changed:
        return {pk: (saved, ended) for pk, saved, ended in self.queryset()}


def changed_scan(run: BillingRun) -> ChangedScan | None:
    """The scan of rows changed that ``run``'s adjustment phase compares; None without an earlier month."""
    earlier = _earlier(run)
    if not earlier:
        return None
    marks = _marks(run, earlier)
    return ChangedScan(min(m.since for m in marks), min(m.upto for m in marks))


def _candidates(
    run: BillingRun, marks: list[Mark], accounts: AccountMap, read: tuple[ChangedScan, Changed] | None = None
) -> tuple[list[Candidate], Inputs]:
    """Every row changed since the oldest mark (one pass over the table), read as the run reads its rows;
    ``read``: that pass already made (on the read-ahead's connection), used if made with the same bounds."""
    scan = ChangedScan(min(m.since for m in marks), min(m.upto for m in marks))
    found = read[1] if read is not None and read[0] == scan else scan.read()
    widths = [w for _e, w in sql.columns() + sql.validity_columns()]
    parts = [read_table(sql.read_ids_sql(ids), {"region": run.region_id}, widths) for ids in _chunks(sorted(found))]
    table = np.concatenate(parts) if parts else np.empty((0, len(widths)), dtype=np.int64)
    inputs = accounts.inputs(table[:, :WIDTH])
    validity = {int(row[0]): (int(row[WIDTH]), int(row[WIDTH + 1])) for row in table}
    out = []
    for i, (membership, account) in enumerate(
        zip(inputs.membership_id.tolist(), inputs.account_id.tolist(), strict=True)
    ):
        valid_from, valid_to = validity[membership]
        out.append(Candidate(i, membership, account, valid_from, valid_to, *found[membership]))
    moved = _merged_accounts(run.region_id, {c.membership_id for c in out})
    for c in out:
        c.earlier_accounts = tuple(sorted(moved.get(c.membership_id, set()) - {c.account_id}))
    return out, inputs


def _merged_accounts(region_id: int, membership_ids: set[int]) -> dict[int, set[int]]:
    """Self-paid accounts of the workers a merge (or its undo) moved each of ``membership_ids`` between.

    The one change that moves a row without saving it again: ``worker_merge`` gives the row to the surviving
    worker, so a self-paid row is billed to the survivor's account from then on, and its earlier months stay on
    the merged worker's. Both are looked up, or a back-dated end after a merge would find nothing to reverse.
    """
    journals = MergeJournal.objects.filter(survivor__region_id=region_id).order_by()
    workers: dict[int, set[int]] = {}
    for survivor, merged, moved in journals.values_list("survivor_id", "merged_id", "moved_memberships"):
        for membership in set(moved) & membership_ids:
            workers.setdefault(membership, set()).update((survivor, merged))
    if not workers:
        return {}
    refs = {w for group in workers.values() for w in group}
    own = BillingAccount.objects.filter(region_id=region_id, kind=PayerKind.SELF, ref__in=refs)
    account_of = dict(own.values_list("ref", "pk"))
    return {m: {account_of[w] for w in group if w in account_of} for m, group in workers.items()}


def _regular_sql(pairs: int) -> str:
    """Regular lines of one run for (account, membership) pairs, probing the line key pair by pair.

    A pair list, not two IN lists: ``account IN (…) AND membership IN (…)`` makes SQLite probe every
    combination of the two (thousands of self-paying accounts times thousands of rows: seconds per month).
    """
    table, fields = connection.ops.quote_name(Line._meta.db_table), ", ".join(f"l.{f}" for f in _BILLED_FIELDS)
    values = ", ".join(["(%s, %s)"] * pairs)
    return (
        f"SELECT {fields} FROM (VALUES {values}) AS p JOIN {table} l ON l.run_id = %s "  # noqa: S608
        f"AND l.account_id = p.column1 AND l.membership_id = p.column2 AND l.kind = {int(LineKind.REGULAR)}"
    )


def _sqlite_rowids_sql(pairs: int) -> str:
    """SQLite: the rowid of each pair's regular line, one key probe per pair in a correlated subquery.

    The join of ``_regular_sql`` is right until the line table has statistics (``core.db``): then SQLite puts a
    Bloom filter on the line table, built by reading the whole table once per query (0.6 s per month compared
    at 200,000 workers, whatever the number of pairs). A correlated subquery is planned apart, as a key lookup.
    """
    table = connection.ops.quote_name(Line._meta.db_table)
    values = ", ".join(["(%s, %s)"] * pairs)
    return (
        f"SELECT (SELECT l.rowid FROM {table} l WHERE l.run_id = %s AND l.account_id = p.column1 "  # noqa: S608
        f"AND l.membership_id = p.column2 AND l.kind = {int(LineKind.REGULAR)}) FROM (VALUES {values}) AS p"
    )


def _regular(run_q: BillingRun, pairs: list[tuple[int, int]]) -> list[tuple[Any, ...]]:
    """The regular lines of ``run_q`` for ``pairs`` of (account, membership), as ``_BILLED_FIELDS`` rows."""
    flat = [v for pair in pairs for v in pair]
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute(_regular_sql(len(pairs)), [*flat, run_q.pk])
            return list(cursor.fetchall())
        cursor.execute(_sqlite_rowids_sql(len(pairs)), [run_q.pk, *flat])
        rowids = [int(row[0]) for row in cursor.fetchall() if row[0] is not None]
        if not rowids:
            return []
        fields = ", ".join(_BILLED_FIELDS)
        table = connection.ops.quote_name(Line._meta.db_table)
        cursor.execute(f"SELECT {fields} FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(rowids))})", rowids)  # noqa: S608
        return list(cursor.fetchall())


def _billed(run_q: BillingRun, group: list[Candidate]) -> dict[int, tuple[tuple[Any, ...], np.ndarray]]:
    """What was billed for ``run_q``'s month per membership: (inputs, net amounts) over regular + adjustments."""
    pairs = [(a, c.membership_id) for c in group for a in (c.account_id, *c.earlier_accounts)]
    regular = _regular(run_q, pairs)
    ids = [c.membership_id for c in group]
    adjustments = Line.objects.filter(kind=LineKind.ADJUSTMENT, covers_period=run_q.period, membership_id__in=ids)
    billed: dict[int, tuple[tuple[Any, ...], np.ndarray]] = {}
    for row in [*regular, *adjustments.values_list(*_BILLED_FIELDS)]:
        amounts = np.asarray(row[_AMOUNTS_AT:], dtype=np.int64)
        empty = np.zeros(len(AMOUNT_COLUMNS), dtype=np.int64)
        inputs, total = billed.get(row[0], (tuple(row[1:_AMOUNTS_AT]), empty))
        billed[row[0]] = (inputs, total + amounts)
    return billed


def _compare(earlier: list[BillingRun], marks: list[Mark], candidates: list[Candidate], scan: Scan) -> Pending:
    pending = Pending()
    for run_q, mark in zip(earlier, marks, strict=True):
        group = [c for c in candidates if c.may_differ(mark)]
        scan.compared += len(group)
        for part in _chunks(group):
            billed = _billed(run_q, part)
            for c in part:
                inputs, net = billed.get(c.membership_id, ((), np.zeros(len(AMOUNT_COLUMNS), dtype=np.int64)))
                if c.active_in(run_q.period) and not net.any():
                    pending.added.append((c, run_q.period))
                elif not c.active_in(run_q.period) and net.any():
                    pending.removed.append((c.membership_id, c.account_id, run_q.period, (*inputs, *(-net))))
    return pending


def _as_billed_terms(inputs: Inputs, periods: list[dt.date], runs: dict[dt.date, int]) -> Inputs:
    """PU rows added to earlier months with the employer's terms as each month billed them (its other workers'
    regular lines there); rows of an employer that month did not bill keep the employer's current terms.

    An employer's risk group, sector or deferral changed since a month was billed applies from the next run, so
    a worker registered late is billed for that month like his colleagues were, on the invoice they are on.
    """
    pu = (inputs.segment == rules.PU) & (inputs.employer_id > 0)
    days = np.asarray([q.toordinal() for q in periods], dtype=np.int64)
    for period in sorted(set(periods)):
        rows = np.flatnonzero(pu & (days == period.toordinal()))
        if len(rows) == 0 or period not in runs:
            continue
        accounts = np.unique(inputs.account_id[rows]).tolist()
        terms: dict[int, tuple[int, int, int]] = {}
        for part in _chunks(accounts):
            billed = Line.objects.filter(run_id=runs[period], account_id__in=part, kind=LineKind.REGULAR)
            grouped = billed.filter(segment=rules.PU).values("account_id").order_by()
            for account, risk, sector, deferral in grouped.annotate(
                r=Min("risk_group"), s=Min("sector"), d=Max("jp_deferral")
            ).values_list("account_id", "r", "s", "d"):
                terms[account] = (risk, sector, deferral)
        for i in rows.tolist():
            found = terms.get(int(inputs.account_id[i]))
            if found is not None:
                inputs.risk_group[i], inputs.sector[i], inputs.jp_deferral[i] = found
    return inputs


def _added_columns(
    run: BillingRun, candidates: Inputs, added: list[tuple[Candidate, dt.date]], runs: dict[dt.date, int]
) -> Columns:
    inputs = candidates.take(np.asarray([c.index for c, _q in added], dtype=np.intp))
    inputs = _as_billed_terms(inputs, [q for _c, q in added], runs)
    months = np.asarray([rules.month_index(q.year, q.month) for _c, q in added], dtype=np.int32)
    inputs = with_participants(inputs, months)  # the employer's participants in the month added
    return _columns(run, inputs, [q for _c, q in added], amounts_for(inputs, months))


def _removed_columns(run: BillingRun, removed: list[tuple[int, int, dt.date, tuple[Any, ...]]]) -> Columns:
    values = np.asarray([r[3] for r in removed], dtype=np.int64)
    stored = {name: values[:, i].astype(t) for i, (name, t) in enumerate(zip(_INPUT_FIELDS, _INPUT_TYPES, strict=True))}
    inputs = Inputs(
        membership_id=np.asarray([r[0] for r in removed], dtype=np.int64),
        account_id=np.asarray([r[1] for r in removed], dtype=np.int64),
        employer_id=np.zeros(len(removed), dtype=np.int64),  # the stored inputs are reversed as they were
        **stored,
    )
    n = len(_INPUT_FIELDS)
    amounts = {name: values[:, n + i] for i, name in enumerate(AMOUNT_COLUMNS)}
    return _columns(run, inputs, [r[2] for r in removed], amounts)


def _columns(run: BillingRun, inputs: Inputs, periods: list[dt.date], amounts: Columns) -> Columns:
    refsets = refset_ids(run.rules_version, periods)
    return assemble(
        run_id=run.pk,
        kind=LineKind.ADJUSTMENT,
        inputs=inputs,
        covers=np.asarray([pg_day(q) for q in periods], dtype=np.int32),
        refsets=np.asarray([refsets[q] for q in periods], dtype=np.int64),
        amounts=amounts,
    )


def _earlier(run: BillingRun) -> list[BillingRun]:
    """The region's runs done for months before ``run``'s, by month."""
    done = BillingRun.objects.filter(region=run.region_id, status=RunStatus.DONE, period__lt=run.period)
    return list(done.order_by("period"))


def examine(
    run: BillingRun, accounts: AccountMap | None = None, changed: tuple[ChangedScan, Changed] | None = None
) -> tuple[Pending, Inputs | None, Scan]:
    """Compare every earlier invoiced month of the region with the rows changed since it was reconciled.

    ``accounts``: the run's account map, if it has one (else the region's is loaded); ``changed``: the changed
    rows already read (``ChangedScan``), else they are read here.
    """
    earlier = _earlier(run)
    scan = Scan(months=len(earlier))
    if not earlier:
        return Pending(), None, scan
    marks = _marks(run, earlier)
    candidates, inputs = _candidates(run, marks, accounts or AccountMap.load(run.region_id), changed)
    scan.candidates = len(candidates)
    return _compare(earlier, marks, candidates, scan), inputs, scan


def adjustment_lines(
    run: BillingRun, accounts: AccountMap | None = None, changed: tuple[ChangedScan, Changed] | None = None
) -> list[Columns]:
    """Adjustment line columns for every earlier month of the region that was invoiced."""
    pending, inputs, scan = examine(run, accounts, changed)
    log.info(
        "billing run %s adjustments: %d months, %d rows changed, %d pairs compared, %d added, %d reversed",
        run.pk, scan.months, scan.candidates, scan.compared, len(pending.added), len(pending.removed),
    )  # fmt: skip
    out = []
    if pending.added and inputs is not None:
        runs = {q.period: q.pk for q in _earlier(run)}
        out.append(_added_columns(run, inputs, pending.added, runs))
    if pending.removed:
        out.append(_removed_columns(run, pending.removed))
    return out
