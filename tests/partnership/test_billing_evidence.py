"""With billing's paid invoices, the funnel's "first paid" and "still active" come from real payments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from lindung.billing.run.storage import stage_attach, stage_create
from lindung.partnership.attribution import payment_evidence
from lindung.partnership.billing_evidence import BillingLines
from lindung.partnership.selectors.funnel import event_funnel
from lindung.registry.models import Membership
from tests.factories import World
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
LINE_INTS = ("segment", "risk_group", "programs", "funded_by", "birth_month", "wage", "jkk", "jkm", "jht_employer",
             "jht_worker", "jp_employer", "jp_worker", "jkp_government", "total")  # fmt: skip


def _bill(world: World, membership: Membership, month: dt.date, paid_on: dt.date | None) -> None:
    """One billing run for ``month`` with one regular line for ``membership``, paid in full on ``paid_on``."""
    model: Any = apps.get_model
    refset, _new = model("billing", "ReferenceSet").objects.get_or_create(rules_version="t", period=month)
    account, _new = model("billing", "BillingAccount").objects.get_or_create(
        kind="self", ref=membership.worker_id, defaults={"region": world.medan, "worker": membership.worker}
    )
    run, new_run = model("billing", "BillingRun").objects.get_or_create(
        region=world.medan, period=month, defaults={"refset": refset, "rules_version": "t"}
    )
    if new_run:  # PostgreSQL keeps each run's lines in a partition of their own
        stage_create(run.pk)
        stage_attach(run.pk)
    line = {"run": run, "account": account, "membership_id": membership.pk, "kind": 0, "covers_period": month}
    model("billing", "Line").objects.create(refset=refset, **line, **dict.fromkeys(LINE_INTS, 0))
    invoice = model("billing", "Invoice").objects.create(
        account=account, period=month, run=run, region=world.medan, segment="BPU", due_date=month,
        amount_due=16_800, status="paid" if paid_on else "open", issued_at=timezone.now(),
    )  # fmt: skip
    if paid_on:
        receipt = model("billing", "Receipt").objects.create(region=world.medan, account=account, source="manual",
                                                             received_on=paid_on, amount=16_800)  # fmt: skip
        model("billing", "Allocation").objects.create(receipt=receipt, invoice=invoice, amount=16_800, paid_on=paid_on)


def test_paid_invoices_replace_the_proxy(pw: PartnershipWorld, world: World) -> None:
    newcomer = Membership.objects.get(worker__name="Peserta Satu")
    _bill(world, newcomer, dt.date(2026, 2, 1), paid_on=dt.date(2026, 3, 12))
    _bill(world, newcomer, dt.date(2026, 4, 1), paid_on=dt.date(2026, 5, 14))
    _bill(world, pw.attribution.membership, dt.date(2026, 4, 1), paid_on=None)
    assert isinstance(payment_evidence(), BillingLines)
    report = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=dt.date(2026, 6, 30))
    paid = {m.registration.worker_name: m.first_paid for m in report.total.members}
    assert paid == {"Peserta Satu": dt.date(2026, 3, 12), "Pendaftar Kode": None}
    assert (report.total.active_3m, report.total.eligible_3m, report.is_proxy) == (1, 1, False)
    assert "tagihan" in report.evidence_label
