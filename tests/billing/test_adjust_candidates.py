"""Adjustments follow the changes since the last run: each change is settled once, and a run compares earlier
months only with the rows changed since another run reconciled them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lindung.billing.models import BillingAccount, BillingRun, Line, LineKind, RunStatus
from lindung.billing.run import adjust
from lindung.registry.models import Membership
from lindung.registry.services.dedup import worker_merge, worker_merge_undo
from lindung.registry.services.memberships import membership_deactivate
from tests.billing.conftest import FEB, JAN, MAR, Billing, add_membership, bill
from tests.factories import make_worker

pytestmark = pytest.mark.django_db

APR, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
LATER = dt.date(2026, 12, 31)  # "today" of the runs, so April and May may be billed
FULL = 554_400  # a month of the fixture's PU membership (wage 6,000,000, five programmes)


@pytest.fixture(autouse=True)
def _saved_before_the_clock(billing: Billing) -> None:
    """The shared world is saved on the real clock, after the frozen one: put its rows in the past, where they
    belong, or every run would see them as just saved."""
    Membership.objects.update(created_at=timezone.now())
    for membership in (billing.pu, billing.pu_other, billing.state, billing.self_paying, billing.sponsor):
        membership.refresh_from_db()


def _adjustments(membership: Membership) -> list[tuple[dt.date, int]]:
    lines = Line.objects.filter(kind=LineKind.ADJUSTMENT, membership_id=membership.pk)
    return sorted(lines.values_list("covers_period", "total"))


def _months(billing: Billing, frozen: Any, periods: list[dt.date], hours: int) -> list[Any]:
    """Bill ``periods`` in order, ``hours`` apart (0: all within ``MARGIN``, so every run re-examines)."""
    runs = []
    for period in periods:
        frozen.shift(dt.timedelta(hours=hours))
        runs.append(bill(billing.world.medan, period, today=LATER))
    return runs


@pytest.mark.parametrize("hours", [0, 1])
def test_a_membership_ended_after_its_month_was_invoiced_is_reversed_exactly_once(
    billing: Billing, frozen: Any, hours: int
) -> None:
    _months(billing, frozen, [JAN, FEB], hours)
    frozen.shift(dt.timedelta(hours=hours))
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2026, 1, 31), reason="resigned")
    mar, _apr, _may = _months(billing, frozen, [MAR, APR, MAY], hours)
    assert _adjustments(billing.pu) == [(FEB, -FULL)]  # January stays billed: the row was active then
    assert Line.objects.get(kind=LineKind.ADJUSTMENT, membership_id=billing.pu.pk).run_id == mar.pk


@pytest.mark.parametrize("hours", [0, 1])
def test_a_late_back_dated_registration_is_added_once_per_missed_month(
    billing: Billing, frozen: Any, hours: int
) -> None:
    _months(billing, frozen, [JAN, FEB], hours)
    frozen.shift(dt.timedelta(hours=hours))
    late = add_membership(
        make_worker(billing.world.medan, "1271011111900012", "Daftar Mundur"),
        payer_kind="employer",
        employer=billing.world.employer,
        valid_from=dt.date(2026, 1, 10),
    )
    _months(billing, frozen, [MAR, APR, MAY], hours)
    assert _adjustments(late) == [(JAN, FULL), (FEB, FULL)]
    regular = Line.objects.filter(kind=LineKind.REGULAR, membership_id=late.pk).values_list("covers_period", flat=True)
    assert sorted(regular) == [MAR, APR, MAY]


def test_the_next_run_examines_only_rows_changed_since_the_previous_run_began(billing: Billing, frozen: Any) -> None:
    (_jan,) = _months(billing, frozen, [JAN], 1)
    frozen.shift(dt.timedelta(hours=1))
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2025, 12, 31), reason="resigned")
    (feb,) = _months(billing, frozen, [FEB], 1)
    assert feb.adjustment_lines == 1  # January reversed for the first change
    frozen.shift(dt.timedelta(hours=1))
    membership_deactivate(membership=billing.pu_other, valid_to=dt.date(2026, 1, 31), reason="phk")
    (mar,) = _months(billing, frozen, [MAR], 1)
    pending, _inputs, scan = adjust.examine(mar)
    # Only the second change: the first was saved before February's run began, which settled it.
    assert (scan.months, scan.candidates) == (2, 1)
    # pu_other was billed in February while open and its end left February behind; January is unaffected.
    assert scan.compared == 1
    assert not pending.added and not pending.removed  # the run already wrote them: nothing twice
    assert _adjustments(billing.pu_other) == [(FEB, -_total(billing.pu_other, JAN))]
    assert _adjustments(billing.pu) == [(JAN, -FULL)]


def test_with_no_change_since_the_previous_run_nothing_is_examined(billing: Billing, frozen: Any) -> None:
    *_done, apr = _months(billing, frozen, [JAN, FEB, MAR, APR], 1)
    _pending, _inputs, scan = adjust.examine(apr)
    assert (scan.months, scan.candidates, scan.compared) == (3, 0, 0)


def test_a_row_ended_without_recording_when_is_still_reversed_once(billing: Billing, frozen: Any) -> None:
    _months(billing, frozen, [JAN, FEB], 1)
    frozen.shift(dt.timedelta(hours=1))
    # A writer that bypasses the registry services (no ``ended_at``): slower, never wrong.
    Membership.objects.filter(pk=billing.pu.pk).update(valid_to=dt.date(2026, 1, 31), end_reason="resigned")
    *_done, may = _months(billing, frozen, [MAR, APR, MAY], 1)
    assert _adjustments(billing.pu) == [(FEB, -FULL)]
    assert adjust.examine(may)[2].candidates == 1  # examined every run


def test_a_month_billed_late_is_reconciled_by_the_runs_after_it(billing: Billing, frozen: Any) -> None:
    """March billed before February: February's changes are settled by the first run that starts after it."""
    _months(billing, frozen, [JAN, MAR, FEB], 1)
    frozen.shift(dt.timedelta(hours=1))
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2026, 1, 31), reason="resigned")
    _months(billing, frozen, [APR, MAY], 1)
    assert _adjustments(billing.pu) == [(FEB, -FULL), (MAR, -FULL)]


def _total(membership: Membership, period: dt.date) -> int:
    return Line.objects.get(kind=LineKind.REGULAR, membership_id=membership.pk, covers_period=period).total


def test_a_run_that_began_before_a_month_was_done_does_not_count_as_reconciling_it(
    billing: Billing, frozen: Any
) -> None:
    """January still running when February's run began: February could not compare January, so March does."""
    (jan,) = _months(billing, frozen, [JAN], 1)
    frozen.shift(dt.timedelta(hours=1))
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2025, 12, 31), reason="resigned")
    BillingRun.objects.filter(pk=jan.pk).update(status=RunStatus.RUNNING)
    (feb,) = _months(billing, frozen, [FEB], 1)
    assert feb.adjustment_lines == 0  # January was not done: nothing to compare with
    BillingRun.objects.filter(pk=jan.pk).update(
        status=RunStatus.DONE, finished_at=feb.started_at + dt.timedelta(minutes=1)
    )
    _months(billing, frozen, [MAR], 1)
    assert _adjustments(billing.pu) == [(JAN, -FULL)]


@pytest.mark.parametrize("undo", [False, True])
def test_a_back_dated_end_after_a_worker_merge_reverses_the_months_billed_before_it(
    billing: Billing, frozen: Any, undo: bool
) -> None:
    """A merge gives a self-paid row to the surviving worker's account: the months billed to the merged
    worker's account are still found, and reversed once, when the row is later ended back-dated."""
    member = billing.self_paying
    merged = member.worker
    _months(billing, frozen, [JAN, FEB], 1)
    survivor = make_worker(billing.world.medan, "1271010202800016", "Ojek Mandiri Ganda")
    frozen.shift(dt.timedelta(hours=1))
    journal = worker_merge(survivor=survivor, merged=merged, user=None, reason="data ganda")
    (mar,) = _months(billing, frozen, [MAR], 1)  # billed to the survivor's own account
    if undo:
        frozen.shift(dt.timedelta(hours=1))
        worker_merge_undo(journal=journal, user=None, reason="ternyata orang lain")
    member.refresh_from_db()
    frozen.shift(dt.timedelta(hours=1))
    membership_deactivate(membership=member, valid_to=dt.date(2026, 1, 31), reason="resigned")
    _months(billing, frozen, [APR, MAY], 1)
    per_month = Line.objects.get(kind=LineKind.REGULAR, membership_id=member.pk, covers_period=JAN).total
    reversed_months = _adjustments(member)
    assert reversed_months == [(FEB, -per_month), (MAR, -per_month)], "each month billed after the end, once"
    accounts = set(BillingAccount.objects.filter(kind="self").values_list("ref", flat=True))
    assert {merged.pk, survivor.pk} <= accounts, "both workers were billed as self-payers"
    assert Line.objects.filter(run=mar, membership_id=member.pk).get().account.ref == survivor.pk
