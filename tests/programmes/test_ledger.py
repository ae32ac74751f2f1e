"""The budget ledger in rupiah: realised, committed, reserved, billed, paid, remaining, headroom and alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lindung.programmes import billing_feed
from lindung.programmes.models import Programme, ProgrammeStatus, Step
from lindung.programmes.selectors.ledger import programme_ledger
from lindung.registry.models import Membership, Worker
from tests.factories import World
from tests.programmes.builders import TODAY, approve_step, make_candidates, make_offices, make_programme, propose


def _members(workers: list[Worker], start: dt.date, end: dt.date | None = None, programs: int = 3) -> None:
    for worker in workers:
        Membership.objects.create(worker=worker, payer_kind="city_programme", segment="BPU", programs=programs,
                                  wage=1_000_000, valid_from=start, valid_to=end,
                                  end_reason="death" if end else "")  # fmt: skip


def test_members_are_priced_month_by_month(world: World) -> None:
    programme = make_programme(world, budget=10_000_000)
    workers = make_candidates(world, 3)
    _members(workers[:2], dt.date(2025, 6, 1))
    _members(workers[2:], dt.date(2026, 2, 10), end=dt.date(2026, 4, 20))
    book = programme_ledger(programme=programme, as_of=TODAY)
    assert [m.members for m in book.months] == [2, 3, 3, 3] + [2] * 8
    assert book.realised == 2 * 16_800 + 3 * 16_800  # January and February have passed
    assert book.committed == 3 * 16_800 * 2 + 2 * 16_800 * 8  # March and April with the third member
    assert book.remaining == 10_000_000 - book.realised - book.committed
    assert book.new_worker_cost == 16_800 * 10
    assert book.headroom == book.remaining // (16_800 * 10)
    assert book.members_active == 3


def test_a_discount_month_is_priced_by_the_rules(world: World) -> None:
    programme = make_programme(world, year=2020)
    _members(make_candidates(world, 1), dt.date(2019, 1, 1))
    book = programme_ledger(programme=programme, as_of=dt.date(2021, 1, 5))
    assert [m.cost for m in book.months] == [16_800] * 7 + [168] * 5  # PP 49/2020 from August 2020


def test_budget_confirmed_rows_are_reserved(world: World) -> None:
    offices = make_offices(world)
    programme = make_programme(world)
    proposal = propose(world, programme, make_candidates(world, 2))
    assert programme_ledger(programme=programme, as_of=TODAY).pipeline == 2 * 168_000
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    approve_step(proposal, Step.BUDGET, offices.users["finance"])
    book = programme_ledger(programme=programme, as_of=TODAY)
    assert (book.reserved, book.pipeline) == (2 * 168_000, 0)
    approve_step(proposal, Step.ENROL, world.users["branch_officer"])
    book = programme_ledger(programme=programme, as_of=TODAY)
    assert (book.reserved, book.committed) == (0, 2 * 168_000)


def test_an_overrun_shows_a_negative_remaining_and_an_alert(world: World) -> None:
    programme = make_programme(world, budget=100_000)
    _members(make_candidates(world, 2), dt.date(2026, 1, 1))  # added outside the proposals
    book = programme_ledger(programme=programme, as_of=TODAY)
    assert book.remaining == 100_000 - 2 * 16_800 * 12 < 0
    assert book.headroom == 0
    assert [a.code for a in book.alerts if a.level == "danger"] == ["overrun"]
    assert "Anggaran terlampaui Rp 303.200" in book.alerts[0].message


def test_low_remaining_warns(world: World) -> None:
    programme = make_programme(world, budget=2 * 16_800 * 12 + 20_000)
    _members(make_candidates(world, 2), dt.date(2026, 1, 1))
    assert "full" in [a.code for a in programme_ledger(programme=programme, as_of=TODAY).alerts]


def _lapse(programme: Programme, as_of: dt.date) -> list[str]:
    return [a.message for a in programme_ledger(programme=programme, as_of=as_of).alerts if a.code == "lapse"]


def test_cover_lapse_alert_before_january(world: World) -> None:
    programme = make_programme(world)
    _members(make_candidates(world, 1), dt.date(2026, 1, 1))
    november = dt.date(2026, 11, 2)
    assert _lapse(programme, TODAY) == []  # too early to warn
    assert "Program 2027 belum ada: perlindungan 1 peserta berhenti 1 Januari 2027" in _lapse(programme, november)[0]
    nxt = make_programme(world, year=2027)
    Programme.objects.filter(pk=nxt.pk).update(status=ProgrammeStatus.DRAFT)
    assert "Program 2027 masih draf" in _lapse(programme, november)[0]
    Programme.objects.filter(pk=nxt.pk).update(status=ProgrammeStatus.ACTIVE)
    assert _lapse(programme, november) == []


def test_without_billing_the_ledger_says_so(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(billing_feed, "_invoice_model", lambda: None)
    book = programme_ledger(programme=make_programme(world), as_of=TODAY)
    assert (book.billed, book.paid, book.bill_available) == (0, 0, False)
    assert "tagihan belum tersedia" in next(a.message for a in book.alerts if a.code == "bill_unavailable")


def _city_invoice(world: World, period: dt.date, billed: int, paid: int) -> Any:
    from lindung.billing.models import BillingAccount, BillingRun, Invoice, ReferenceSet

    refset, _ = ReferenceSet.objects.get_or_create(rules_version="rules-test", period=period)
    run = BillingRun.objects.create(region=world.medan, period=period, refset=refset, rules_version="rules-test")
    account, _ = BillingAccount.objects.get_or_create(kind="city_programme", ref=world.medan.pk, region=world.medan)
    return Invoice.objects.create(account=account, period=period, run=run, region=world.medan, segment="BPU",
                                  due_date=period.replace(day=15), contribution_total=billed, amount_due=billed,
                                  paid_amount=paid, issued_at=timezone.now())  # fmt: skip


def test_the_city_bill_is_matched_against_the_ledger(world: World) -> None:
    programme = make_programme(world)
    _members(make_candidates(world, 2), dt.date(2026, 1, 1))
    _city_invoice(world, dt.date(2026, 1, 1), 33_600, 33_600)
    _city_invoice(world, dt.date(2026, 2, 1), 50_400, 0)  # one member too many on the bill
    book = programme_ledger(programme=programme, as_of=TODAY)
    assert (book.billed, book.paid) == (84_000, 33_600)
    assert [m.difference for m in book.months[:3]] == [0, 16_800, None]
    assert "02/2026 (+16.800)" in next(a.message for a in book.alerts if a.code == "bill_mismatch")
    assert programme.status == ProgrammeStatus.ACTIVE
