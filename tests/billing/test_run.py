"""The billing run: lines and invoices per payer, idempotent, adjustments on the next invoice, periods checked."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from lindung.billing import rules_adapter
from lindung.billing.models import BillingAccount, BillingRun, Invoice, Line, LineKind, ReferenceSet
from lindung.billing.services import billing_run_start
from lindung.registry.models import Membership
from lindung.registry.services.memberships import membership_deactivate
from tests.billing.conftest import FEB, JAN, MAR, TODAY, Billing, add_membership, bill, invoice_of
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_given_memberships_when_billed_then_one_invoice_per_payer_with_a_line_each(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN)
    assert run.status == "done" and run.rows_done == 8
    kinds = sorted(Invoice.objects.filter(run=run).values_list("account__kind", flat=True))
    assert kinds == ["city_programme", "employer", "employer", "employer", "self", "sponsor"]
    city = invoice_of(billing.city[0], JAN)
    assert city.line_count == 3 and city.amount_due == 3 * (10_000 + 6_800)
    assert Line.objects.filter(run=run).count() == 8
    assert not Invoice.objects.filter(region=billing.world.other).exists()  # Binjai's employer: its own region


def test_a_line_keeps_its_inputs_and_every_share_as_the_rules_compute_them(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN)
    line = Line.objects.get(run=run, membership_id=billing.pu.pk)
    expected = rules_adapter.compute(
        segment=np.array([0], dtype=np.int8),
        period=np.array([2026 * 12], dtype=np.int32),
        wage=np.array([6_000_000]),
        risk_group=np.array([1], dtype=np.int8),
        programs=np.array([31], dtype=np.uint8),
        birth_month=np.array([1990 * 12], dtype=np.int32),
        funded_by=np.array([0], dtype=np.int8),
        sector=np.array([0], dtype=np.int8),
        participants=np.array([0], dtype=np.int32),
        jp_deferral=np.array([0], dtype=np.int8),
    )
    for name, column in expected.items():
        assert getattr(line, name) == int(column[0]), name
    assert (line.jkk, line.jkm, line.jht_employer, line.jht_worker) == (14_400, 18_000, 222_000, 120_000)
    assert (line.jp_employer, line.jp_worker) == (120_000, 60_000)
    assert line.total == 554_400  # JKP's government share is not charged to the employer
    assert (line.wage, line.programs, line.risk_group, line.segment) == (6_000_000, 31, 1, 0)
    refset = ReferenceSet.objects.get(pk=line.refset_id)
    assert refset.rules_version == rules_adapter.RULES_VERSION and refset.period == JAN
    assert any(r["name"].startswith("jkk.") and r["reference"] for r in refset.references)


def test_due_dates_come_from_the_rules_for_pu_and_bpu(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    assert invoice_of(billing.pu, JAN).due_date == rules_adapter.due_date("PU", JAN)
    assert invoice_of(billing.self_paying, JAN).due_date == dt.date(2026, 1, 15)


def test_running_a_month_twice_creates_nothing_new(billing: Billing) -> None:
    first = bill(billing.world.medan, JAN)
    counts = (Line.objects.count(), Invoice.objects.count(), BillingAccount.objects.count())
    add_membership(
        make_worker(billing.world.medan, "1271011111900009", "Terlambat Daftar"),
        payer_kind="employer",
        employer=billing.world.employer,
    )
    again = bill(billing.world.medan, JAN)
    assert again.pk == first.pk
    assert (Line.objects.count(), Invoice.objects.count(), BillingAccount.objects.count()) == counts


@pytest.mark.parametrize(
    ("period", "message"),
    [(dt.date(2026, 4, 1), "belum dimulai"), (dt.date(2015, 6, 1), "sebelum Juli 2015")],
)
def test_a_future_or_pre_2015_period_is_refused_with_a_clear_message(
    billing: Billing, period: dt.date, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        billing_run_start(region=billing.world.medan, period=period, today=TODAY)
    assert not BillingRun.objects.exists()


def test_july_2015_and_the_current_month_can_be_billed(billing: Billing) -> None:
    assert billing_run_start(region=billing.world.medan, period=dt.date(2015, 7, 1), today=TODAY).pk
    assert billing_run_start(region=billing.world.medan, period=MAR, today=TODAY).pk


def test_a_membership_ended_after_invoicing_is_credited_on_the_next_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    january = invoice_of(billing.pu, JAN)
    before = (january.amount_due, january.line_count)
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2025, 12, 31), reason="resigned")
    feb = bill(billing.world.medan, FEB)
    january.refresh_from_db()
    assert (january.amount_due, january.line_count) == before  # an issued invoice never changes
    adjustment = Line.objects.get(run=feb, kind=LineKind.ADJUSTMENT, membership_id=billing.pu.pk)
    assert adjustment.covers_period == JAN and adjustment.total == -554_400
    assert feb.adjustment_lines == 1
    february = Invoice.objects.get(run=feb, account=january.account)
    assert february.adjustment_total == -554_400 and february.line_count == 0
    assert february.status == "credit"
    bill(billing.world.medan, MAR)
    assert Line.objects.filter(kind=LineKind.ADJUSTMENT).count() == 1  # settled once, not again


def test_a_late_registration_back_dated_is_billed_on_the_next_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    late = add_membership(
        make_worker(billing.world.medan, "1271011111900010", "Daftar Mundur"),
        payer_kind="employer",
        employer=billing.world.employer,
        valid_from=dt.date(2026, 1, 10),
    )
    feb = bill(billing.world.medan, FEB)
    lines = Line.objects.filter(run=feb, membership_id=late.pk).order_by("kind")
    assert [(x.kind, x.covers_period) for x in lines] == [(LineKind.REGULAR, FEB), (LineKind.ADJUSTMENT, JAN)]
    assert lines[0].total == lines[1].total == 554_400


def test_segments_not_billed_monthly_are_counted_not_billed(billing: Billing) -> None:
    worker = make_worker(billing.world.medan, "1271011111900011", "Tukang Proyek")
    Membership.objects.create(
        worker=worker,
        payer_kind="employer",
        employer=billing.world.employer,
        segment="JASA_KONSTRUKSI",
        programs=3,
        wage=0,
        valid_from=dt.date(2025, 1, 1),
    )
    run = bill(billing.world.medan, JAN)
    assert run.skipped_rows == 1
    assert not Line.objects.filter(membership_id__in=Membership.objects.filter(worker=worker).values("pk")).exists()


def test_small_chunks_give_the_same_lines_and_invoices(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN, chunk_size=2)
    assert run.chunks_done >= 4
    totals = sorted(Invoice.objects.values_list("account__kind", "amount_due"))
    assert sum(a for _k, a in totals) == 24_300 + 554_400 * 2 + 16_800 * 5


def test_the_command_bills_a_month_and_refuses_a_bad_period(billing: Billing) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("billing", "run", "--period", "2026-01", "--no-progress", stdout=out)
    assert "8 lines" in out.getvalue() and Invoice.objects.count() == 6
    call_command("billing", "run", "--period", "2026-01", "--no-progress", stdout=out)
    assert "nothing new created" in out.getvalue() and Invoice.objects.count() == 6
    for bad, message in (("2026-13", "TTTT-BB"), ("2015-06", "sebelum Juli 2015"), ("2027-01", "belum dimulai")):
        with pytest.raises(CommandError, match=message):
            call_command("billing", "run", "--period", bad, "--no-progress")


def test_a_late_registration_is_billed_for_a_past_month_with_the_risk_group_that_month_billed(
    billing: Billing,
) -> None:
    """The employer's JKK risk group rises after January is billed: the late worker's January adjustment takes
    January's group, as his colleagues were billed on January's invoice; February bills the new group."""
    from lindung.registry.models import Employer

    bill(billing.world.medan, JAN)
    employer = billing.world.employer
    january_group = Line.objects.get(membership_id=billing.pu.pk, covers_period=JAN).risk_group
    Employer.objects.filter(pk=employer.pk).update(jkk_risk_group=5)
    late = add_membership(
        make_worker(billing.world.medan, "1271011111900015", "Daftar Mundur Risiko"),
        payer_kind="employer",
        employer=employer,
        valid_from=dt.date(2026, 1, 10),
    )
    feb = bill(billing.world.medan, FEB)
    adjustment = Line.objects.get(run=feb, membership_id=late.pk, kind=LineKind.ADJUSTMENT)
    regular = Line.objects.get(run=feb, membership_id=late.pk, kind=LineKind.REGULAR)
    assert january_group == 1 and adjustment.covers_period == JAN
    assert adjustment.risk_group == january_group and regular.risk_group == 5
    colleague = Line.objects.get(membership_id=billing.pu.pk, covers_period=JAN, kind=LineKind.REGULAR)
    assert adjustment.jkk == colleague.jkk  # same wage, same group: the same JKK as January's invoice
    assert regular.jkk > adjustment.jkk  # group 5 (1.74 %) against group 1 (0.24 %), PP 44/2015 Lampiran I
