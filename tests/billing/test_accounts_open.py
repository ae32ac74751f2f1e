"""The accounts a first run opens: one per payer, each row as the registry's payer says, numbered in order."""

from __future__ import annotations

import pytest

from lindung.billing.models import BillingAccount, Line
from lindung.registry.models import Membership
from tests.billing.conftest import FEB, JAN, Billing, bill


@pytest.mark.django_db
def test_a_first_run_opens_one_account_per_payer_with_its_payer_columns(billing: Billing) -> None:
    region = billing.world.medan
    run = bill(region, JAN, chunk_size=2)  # several chunks: accounts opened chunk by chunk
    accounts = {(a.kind, a.ref, a.sponsor_name): a for a in BillingAccount.objects.filter(region=region)}
    billed = dict(Line.objects.filter(run=run).values_list("membership_id", "account_id"))
    assert len(billed) >= 6
    for m in Membership.objects.filter(pk__in=billed).select_related("worker"):
        ref = {"employer": m.employer_id, "self": m.worker_id}.get(m.payer_kind, m.worker.region_id)
        account = accounts[(m.payer_kind, ref, m.sponsor_name if m.payer_kind == "sponsor" else "")]
        assert billed[m.pk] == account.pk
        assert account.region_id == region.pk and account.created_at is not None
        assert account.employer_id == (m.employer_id if m.payer_kind == "employer" else None)
        assert account.worker_id == (m.worker_id if m.payer_kind == "self" else None)
    ids = sorted(a.pk for a in accounts.values())
    assert ids == list(range(ids[0], ids[0] + len(ids)))  # no gaps: numbers are part of invoice codes
    sponsor = accounts[("sponsor", billing.sponsor.worker.region_id, billing.sponsor.sponsor_name)]
    assert sponsor.pk == ids[-1]  # sponsors after the plain payers of their chunk
    bill(region, FEB, chunk_size=2)
    assert BillingAccount.objects.filter(region=region).count() == len(accounts)  # nothing opened twice
