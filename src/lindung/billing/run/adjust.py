"""Adjustments: a membership change after a month was invoiced shows on the next invoice, never as an edit.

A membership row never changes its content (the registry ends it and opens a new one), so what can differ from
what was billed is *presence*: a row now active in an earlier month but never billed there (registered late,
a back-dated change) is added; a row billed there but ended before that month is reversed. Only candidate rows
are examined — with an id above the highest the earlier run knew, saved less than ``MARGIN`` before it began,
or ended since the first month billed — so the cost follows the changes, not the population. Rule or employer
changes do not re-bill the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q

from lindung.billing import rules_adapter as rules
from lindung.billing.models import AMOUNT_COLUMNS, BillingRun, Line, LineKind, RunStatus
from lindung.billing.run import sql
from lindung.billing.run.accounts import AccountMap
from lindung.billing.run.columns import Inputs, pg_day, read_table
from lindung.billing.run.lines import Columns, amounts_for, assemble, month_bounds, refset_for
from lindung.registry.models import Membership

#: A membership saved this long before a run began may have committed after the run read its id range.
MARGIN = dt.timedelta(minutes=30)
OPEN_END = 2**31 - 1
BATCH = 5000  # memberships per query: two IN lists stay under SQLite's 32,766 parameters
_INPUT_FIELDS = ("segment", "risk_group", "programs", "funded_by", "birth_month", "wage")


@dataclass
class Candidate:
    index: int  # row of the candidates' Inputs
    membership_id: int
    account_id: int
    valid_from: int  # day numbers since 2000-01-01
    valid_to: int
    created_at: dt.datetime

    def active_in(self, period: dt.date) -> bool:
        bounds = month_bounds(period)
        return self.valid_from <= pg_day(bounds["last_day"]) and self.valid_to >= pg_day(bounds["first_day"])

    def ended_since(self, day: dt.date) -> bool:
        return self.valid_to != OPEN_END and self.valid_to >= pg_day(day)


@dataclass
class Pending:
    added: list[tuple[Candidate, dt.date]] = field(default_factory=list)
    removed: list[tuple[int, int, dt.date, tuple[Any, ...]]] = field(default_factory=list)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _candidates(run: BillingRun, earlier: list[BillingRun], accounts: AccountMap) -> tuple[list[Candidate], Inputs]:
    since = min(r.started_at or r.created_at for r in earlier) - MARGIN
    after = min(r.cursor_end for r in earlier)
    new_or_ended = Q(pk__gt=after) | Q(created_at__gte=since) | Q(valid_to__gte=earlier[0].period)
    found = dict(Membership.objects.filter(new_or_ended).values_list("pk", "created_at"))
    widths = [w for _e, w in sql.columns() + sql.validity_columns()]
    parts = [read_table(sql.read_ids_sql(ids), {"region": run.region_id}, widths) for ids in _chunks(sorted(found))]
    table = np.concatenate(parts) if parts else np.empty((0, len(widths)), dtype=np.int64)
    inputs = accounts.inputs(table[:, :11])
    validity = {int(row[0]): (int(row[11]), int(row[12])) for row in table}
    out = []
    for i, (membership, account) in enumerate(
        zip(inputs.membership_id.tolist(), inputs.account_id.tolist(), strict=True)
    ):
        valid_from, valid_to = validity[membership]
        out.append(Candidate(i, membership, account, valid_from, valid_to, found[membership]))
    return out, inputs


def _billed(run_q: BillingRun, group: list[Candidate]) -> dict[int, tuple[tuple[Any, ...], np.ndarray]]:
    """What was billed for ``run_q``'s month per membership: (inputs, net amounts) over regular + adjustments."""
    fields = ("membership_id", *_INPUT_FIELDS, *AMOUNT_COLUMNS)
    ids = [c.membership_id for c in group]
    regular = Line.objects.filter(
        run_id=run_q.pk, account_id__in={c.account_id for c in group}, membership_id__in=ids, kind=LineKind.REGULAR
    )
    adjustments = Line.objects.filter(kind=LineKind.ADJUSTMENT, covers_period=run_q.period, membership_id__in=ids)
    billed: dict[int, tuple[tuple[Any, ...], np.ndarray]] = {}
    for row in [*regular.values_list(*fields), *adjustments.values_list(*fields)]:
        amounts = np.asarray(row[7:], dtype=np.int64)
        inputs, total = billed.get(row[0], (row[1:7], np.zeros(len(AMOUNT_COLUMNS), dtype=np.int64)))
        billed[row[0]] = (inputs, total + amounts)
    return billed


def _compare(run: BillingRun, earlier: list[BillingRun], candidates: list[Candidate]) -> Pending:
    pending = Pending()
    for run_q in earlier:
        started = (run_q.started_at or run_q.created_at) - MARGIN
        group = [
            c
            for c in candidates
            if c.membership_id > run_q.cursor_end or c.created_at >= started or c.ended_since(earlier[0].period)
        ]
        for part in _chunks(group):
            billed = _billed(run_q, part)
            for c in part:
                inputs, net = billed.get(c.membership_id, ((), np.zeros(len(AMOUNT_COLUMNS), dtype=np.int64)))
                if c.active_in(run_q.period) and not net.any():
                    pending.added.append((c, run_q.period))
                elif not c.active_in(run_q.period) and net.any():
                    pending.removed.append((c.membership_id, c.account_id, run_q.period, (*inputs, *(-net))))
    return pending


def _added_columns(run: BillingRun, candidates: Inputs, added: list[tuple[Candidate, dt.date]]) -> Columns:
    inputs = candidates.take(np.asarray([c.index for c, _q in added], dtype=np.intp))
    months = np.asarray([rules.month_index(q.year, q.month) for _c, q in added], dtype=np.int32)
    return _columns(run, inputs, [q for _c, q in added], amounts_for(inputs, months))


def _removed_columns(run: BillingRun, removed: list[tuple[int, int, dt.date, tuple[Any, ...]]]) -> Columns:
    values = np.asarray([r[3] for r in removed], dtype=np.int64)
    inputs = Inputs(
        np.asarray([r[0] for r in removed], dtype=np.int64),
        np.asarray([r[1] for r in removed], dtype=np.int64),
        *(
            values[:, i].astype(t)
            for i, t in zip(range(6), (np.int8, np.int8, np.uint8, np.int8, np.int32, np.int64), strict=True)
        ),
    )
    amounts = {name: values[:, 6 + i] for i, name in enumerate(AMOUNT_COLUMNS)}
    return _columns(run, inputs, [r[2] for r in removed], amounts)


def _columns(run: BillingRun, inputs: Inputs, periods: list[dt.date], amounts: Columns) -> Columns:
    refsets = {q: refset_for(run.rules_version, q).pk for q in sorted(set(periods))}
    return assemble(
        run_id=run.pk,
        kind=LineKind.ADJUSTMENT,
        inputs=inputs,
        covers=np.asarray([pg_day(q) for q in periods], dtype=np.int32),
        refsets=np.asarray([refsets[q] for q in periods], dtype=np.int64),
        amounts=amounts,
    )


def adjustment_lines(run: BillingRun) -> list[Columns]:
    """Adjustment line columns for every earlier month of the region that was invoiced."""
    earlier = list(
        BillingRun.objects.filter(region=run.region, status=RunStatus.DONE, period__lt=run.period).order_by("period")
    )
    if not earlier:
        return []
    candidates, inputs = _candidates(run, earlier, AccountMap.load(run.region_id))
    pending = _compare(run, earlier, candidates)
    out = []
    if pending.added:
        out.append(_added_columns(run, inputs, pending.added))
    if pending.removed:
        out.append(_removed_columns(run, pending.removed))
    return out
