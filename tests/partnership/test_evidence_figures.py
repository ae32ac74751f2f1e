"""The Paritrana evidence pack's figures on a fixture with known counts: coverage per segment, the city-paid
workers, the partnership totals, and the page and the PDF data agreeing on what both print.

The active-worker counts are one grouped query (a 0/1 flag per worker and line, summed); they must equal what
eight ``COUNT(DISTINCT worker)`` gave, each worker once per line and once in the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from lindung.core.scoping import scoped
from lindung.partnership.selectors.evidence import SEGMENTS, _active_counts, active_on, evidence_pack_data
from lindung.partnership.selectors.funnel import events_in_period, funnel_report
from lindung.registry.models import Employer, Membership, Program, Worker
from tests.factories import World, make_employer, make_worker
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def _row(worker: Worker, segment: str, payer: str, *, employer: Employer | None = None,
         start: dt.date = dt.date(2026, 1, 1), end: dt.date | None = None) -> Membership:  # fmt: skip
    return Membership.objects.create(worker=worker, employer=employer, payer_kind=payer, segment=segment,
                                     programs=Program.JKK | Program.JKM, wage=2_000_000, valid_from=start,
                                     valid_to=end, sponsor_name="CSR Bank" if payer == "sponsor" else "")  # fmt: skip


def _known_rows(world: World) -> None:
    """Besides the world's two Medan PU workers (private employers) and one Binjai worker:"""
    state = make_employer(world.medan, "Dinas Kebersihan")
    state.kind, state.subkind = "state", "city_agency"
    state.save()
    medan = world.medan
    two_lines = make_worker(medan, "1271010101900101", "Dua Baris")  # non-ASN and BPU mandiri: once in the total
    _row(two_lines, "PU", "employer", employer=state)
    _row(two_lines, "BPU", "self")
    _row(make_worker(medan, "1271010101900102", "Kota Satu"), "BPU", "city_programme")
    twice = make_worker(medan, "1271010101900103", "Kota Dua")  # two active city rows: once everywhere
    _row(twice, "BPU", "city_programme", end=dt.date(2026, 12, 31))
    _row(twice, "BPU", "city_programme", start=dt.date(2026, 3, 1))
    _row(make_worker(medan, "1271010101900104", "Sponsor"), "BPU", "sponsor")
    _row(make_worker(medan, "1271010101900105", "Konstruksi"), "JASA_KONSTRUKSI", "employer",
         employer=world.employer)  # fmt: skip
    _row(make_worker(medan, "1271010101900106", "Migran"), "PMI", "self")
    _row(make_worker(medan, "1271010101900107", "Sampai Hari Ini"), "PU", "employer", employer=world.employer,
         end=AS_OF)  # fmt: skip
    _row(make_worker(medan, "1271010101900108", "Sudah Berhenti"), "PU", "employer", employer=world.employer,
         end=AS_OF - dt.timedelta(days=1))  # fmt: skip
    _row(make_worker(medan, "1271010101900109", "Belum Mulai"), "BPU", "city_programme",
         start=AS_OF + dt.timedelta(days=1))  # fmt: skip


def _distinct_counts(user: Any, as_of: dt.date) -> dict[str, int]:
    """The counts as eight COUNT(DISTINCT worker) gave them before the grouped query (the reference)."""
    active = scoped(Membership.objects.filter(active_on(as_of)), user)
    counts = active.aggregate(
        total=Count("worker", distinct=True),
        apbd=Count("worker", distinct=True, filter=Q(payer_kind="city_programme")),
        **{key: Count("worker", distinct=True, filter=condition) for key, condition in SEGMENTS},
    )
    return {key: value or 0 for key, value in counts.items()}


def test_active_counts_are_the_known_figures(world: World) -> None:
    _known_rows(world)
    counts = _active_counts(world.users["coordinator"], AS_OF)
    assert counts == {"total": 9, "apbd": 2, "pu": 3, "non_asn": 1, "bpu": 1, "vulnerable": 3,
                      "construction": 1, "pmi": 1}  # fmt: skip


@pytest.mark.parametrize("role", ["coordinator", "branch_officer", "auditor", "agency_officer", "employer", "worker"])
@pytest.mark.parametrize("as_of", [AS_OF, AS_OF + dt.timedelta(days=1), dt.date(2025, 12, 31)])
def test_grouped_counts_equal_the_distinct_counts(world: World, role: str, as_of: dt.date) -> None:
    _known_rows(world)
    user = world.users[role]
    assert _active_counts(user, as_of) == _distinct_counts(user, as_of)


def test_no_active_membership_counts_zero_everywhere(world: World) -> None:
    counts = _active_counts(world.users["coordinator"], dt.date(2020, 1, 1))
    assert counts == dict.fromkeys(["total", "apbd", "pu", "non_asn", "bpu", "vulnerable", "construction", "pmi"], 0)


def test_the_page_shows_the_known_coverage(world: World, pw: PartnershipWorld,
                                           client_for: Callable[[str], Client]) -> None:  # fmt: skip
    _known_rows(world)
    response = client_for("coordinator").get(reverse("partnership_evidence"), {"tahun": 2026})
    data = response.context["data"]
    expected = _distinct_counts(world.users["coordinator"], data.as_of)
    assert {row.key: row.workers for row in data.coverage} == {key: expected[key] for key, _q in SEGMENTS}
    assert data.covered == expected["total"] and data.apbd_workers == expected["apbd"]
    table = response.content.decode().split('data-testid="coverage"')[1].split("</table>")[0]
    assert f">{expected['total']}</td>" in table


def test_page_and_pdf_data_print_the_same_figures(world: World, pw: PartnershipWorld) -> None:
    """The page skips what it does not print (payments, the scorecard's paying column); what both print agrees."""
    _known_rows(world)
    user = world.users["coordinator"]
    page = evidence_pack_data(user=user, pack=pw.pack, as_of=AS_OF, payments=False)
    pdf = evidence_pack_data(user=user, pack=pw.pack, as_of=AS_OF)
    printed = ("coverage", "covered", "workforce", "apbd_workers", "pks_signed", "regulations")
    assert [getattr(page, name) for name in printed] == [getattr(pdf, name) for name in printed]
    assert [(r.agency.pk, r.status, r.target_workers, r.enrolled, r.events_held) for r in page.scorecard] == [
        (r.agency.pk, r.status, r.target_workers, r.enrolled, r.events_held) for r in pdf.scorecard]  # fmt: skip
    assert page.totals.budget == pdf.totals.budget
    assert (page.funnel.events, page.funnel.attendance, page.funnel.registered) == (
        pdf.funnel.events, pdf.funnel.attendance, pdf.funnel.registered)  # fmt: skip
    assert pdf.payments and not page.payments
    # The PDF's funnel still asks the payment evidence: the same answer as the funnel on its own.
    events = events_in_period(user=user, start=dt.date(2026, 1, 1), end=AS_OF)
    alone = funnel_report(user=user, events=events, as_of=AS_OF).total
    assert pdf.funnel.registered > 0
    assert (pdf.funnel.first_paid, pdf.funnel.active_3m, pdf.funnel.eligible_3m) == (
        alone.first_paid, alone.active_3m, alone.eligible_3m)  # fmt: skip
