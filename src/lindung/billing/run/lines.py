"""From membership columns to line columns: the rules engine over a whole chunk, no per-row Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from lindung.billing import rules_adapter as rules
from lindung.billing.models import AMOUNT_COLUMNS, LineKind, ReferenceSet
from lindung.billing.run.columns import Inputs, pg_day

Columns = dict[str, npt.NDArray[Any]]


def month_bounds(period: dt.date) -> dict[str, dt.date]:
    """First and last day of the month (the SQL parameters of "active in the period")."""
    following = rules.month_start(rules.month_index(period.year, period.month) + 1)
    return {"first_day": period, "last_day": following - dt.timedelta(days=1)}


def refset_for(rules_version: str, period: dt.date) -> ReferenceSet:
    """The reference set of (rules version, month), created once with the parameters in force."""
    found = ReferenceSet.objects.filter(rules_version=rules_version, period=period).first()
    if found is not None:
        return found
    refset, _ = ReferenceSet.objects.get_or_create(
        rules_version=rules_version, period=period, defaults={"references": rules.period_references(period)}
    )
    return refset


def refset_ids(rules_version: str, periods: Iterable[dt.date]) -> dict[dt.date, int]:
    """The id of the reference set of each month in ``periods``: one query for those that exist (no JSON decoded),
    ``refset_for`` for the others."""
    wanted = set(periods)
    found = ReferenceSet.objects.filter(rules_version=rules_version, period__in=wanted).order_by()
    ids: dict[dt.date, int] = dict(found.values_list("period", "pk"))
    for period in sorted(wanted - ids.keys()):
        ids[period] = refset_for(rules_version, period).pk
    return ids


def with_participants(inputs: Inputs, periods: npt.NDArray[np.int32]) -> Inputs:
    """``inputs`` with each row's employer participants in its month (engine month codes), counted where the
    padat karya discount can apply; rows rebuilt from stored lines (no ``counts``) keep theirs."""
    if inputs.counts is not None:
        inputs.participants = inputs.counts.of(inputs, periods)
    return inputs


def amounts_for(inputs: Inputs, periods: npt.NDArray[np.int32]) -> Columns:
    """Every programme share of every row for its contribution month (engine month codes), with the discounts
    its sector, participants, funder and JP deferral earn (``with_participants`` first)."""
    return dict(
        rules.compute(
            segment=inputs.segment,
            period=periods,
            wage=inputs.wage,
            risk_group=inputs.risk_group,
            programs=inputs.programs,
            birth_month=inputs.birth_month,
            funded_by=inputs.funded_by,
            sector=inputs.sector,
            participants=inputs.participants,
            jp_deferral=inputs.jp_deferral,
        )
    )


def assemble(
    *, run_id: int, kind: int, inputs: Inputs, covers: npt.NDArray[Any], refsets: npt.NDArray[Any], amounts: Columns
) -> Columns:
    """Line columns in ``columns.LINE_LAYOUT`` order; ``total`` is every share but the government's JKP."""
    n = len(inputs)
    total = np.zeros(n, dtype=np.int64)
    for name in AMOUNT_COLUMNS:
        if name != "jkp_government":
            total += amounts[name]
    return {
        "run_id": np.full(n, run_id, dtype=np.int64),
        "account_id": inputs.account_id,
        "membership_id": inputs.membership_id,
        "kind": np.full(n, kind, dtype=np.int16),
        "covers_period": covers,
        "refset_id": refsets,
        "segment": inputs.segment,
        "risk_group": inputs.risk_group,
        "programs": inputs.programs,
        "funded_by": inputs.funded_by,
        "birth_month": inputs.birth_month,
        "sector": inputs.sector,
        "participants": inputs.participants,
        "jp_deferral": inputs.jp_deferral,
        "wage": inputs.wage,
        **{name: amounts[name] for name in AMOUNT_COLUMNS},
        "total": total,
    }


def regular_lines(*, run_id: int, refset_id: int, period: dt.date, inputs: Inputs) -> Columns:
    """The month's line of every membership of the chunk, sorted like the primary key (account, membership)."""
    ordered = inputs.take(np.lexsort((inputs.membership_id, inputs.account_id)))
    n = len(ordered)
    months = np.full(n, rules.month_index(period.year, period.month), dtype=np.int32)
    with_participants(ordered, months)
    return assemble(
        run_id=run_id,
        kind=LineKind.REGULAR,
        inputs=ordered,
        covers=np.full(n, pg_day(period), dtype=np.int32),
        refsets=np.full(n, refset_id, dtype=np.int64),
        amounts=amounts_for(ordered, months),
    )
