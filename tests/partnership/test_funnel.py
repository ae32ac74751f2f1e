"""The funnel: attendees → registered (by NIK or code) → first paid → active after 3 and 6 months → cost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import pytest

from lindung.core.scoping import scoped
from lindung.partnership import attribution, services
from lindung.partnership.models import Event
from lindung.partnership.selectors.funnel import event_funnel, funnel_report
from lindung.registry.models import Membership
from tests.factories import World, make_worker
from tests.partnership.factories import NIKS, TODAY, PartnershipWorld, make_registration

pytestmark = pytest.mark.django_db


def test_event_funnel_down_to_the_paying_members(pw: PartnershipWorld, world: World) -> None:
    report = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=TODAY)
    f = report.total
    assert (f.attendance, f.recorded, f.registered, f.first_paid) == (40, 1, 2, 2)
    assert (f.active_3m, f.eligible_3m, f.active_6m, f.eligible_6m) == (1, 1, 0, 0)
    assert f.cost_per_active == 3_000_000 and f.conversion_pct == 5.0
    members = {m.registration.worker_name: m for m in f.paying_members}
    assert members["Peserta Satu"].registration.via == "nik" and members["Pendaftar Kode"].registration.via == "code"
    assert members["Peserta Satu"].registration.nik_masked == "1271********0011"
    assert members["Peserta Satu"].first_paid == dt.date(2026, 3, 20)
    assert report.is_proxy and "Proksi" in report.evidence_label


def test_at_year_end_the_lapsed_registration_drops_out(pw: PartnershipWorld, world: World) -> None:
    f = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=dt.date(2026, 12, 31)).total
    assert (f.active_3m, f.eligible_3m, f.active_6m, f.eligible_6m) == (1, 2, 1, 2)


def test_registrations_outside_the_window_are_not_credited(pw: PartnershipWorld, world: World) -> None:
    for nik, start in ((NIKS[2], dt.date(2026, 2, 1)), (NIKS[3], dt.date(2026, 9, 1))):
        services.attendee_add(event=pw.event, name="Jauh", nik=nik, consent=True, today=TODAY)
        make_registration(make_worker(world.medan, nik, "Jauh"), world.agency, start)
    f = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=dt.date(2026, 12, 31)).total
    assert f.registered == 2, "before the event, or more than 180 days after it, is not this event's doing"


def test_last_touch_credits_one_event_only(pw: PartnershipWorld, world: World) -> None:
    services.attendee_add(event=pw.event, name="Dua Kali", nik=NIKS[4], consent=True, today=TODAY)
    services.attendee_add(event=pw.other_event, name="Dua Kali", nik=NIKS[4], consent=True, today=TODAY)
    make_registration(make_worker(world.medan, NIKS[4], "Dua Kali"), world.other_agency, dt.date(2026, 3, 10))
    user = world.users["coordinator"]
    report = funnel_report(user=user, events=Event.objects.filter(region=world.medan), as_of=TODAY)
    assert report.by_event[pw.other_event.pk].registered == 1
    assert report.by_event[pw.event.pk].registered == 2
    assert report.total.registered == 3
    assert report.total.cost == 3_000_000, "the other event's cost is unknown: left out, not counted as zero"


def test_a_continuation_row_is_not_a_new_registration_and_keeps_the_worker_active(
    pw: PartnershipWorld, world: World
) -> None:
    coded = pw.attribution.membership
    Membership.objects.create(worker=coded.worker, payer_kind="self", agency=world.agency, segment="BPU",
                              programs=coded.programs, wage=1_500_000, valid_from=dt.date(2026, 5, 16),
                              previous=coded)  # fmt: skip
    f = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=dt.date(2026, 12, 31)).total
    assert f.registered == 2
    assert (f.active_3m, f.active_6m) == (2, 2)


def test_agency_officer_sees_the_funnel_of_its_own_events_only(pw: PartnershipWorld, world: World) -> None:
    officer = world.users["agency_officer"]
    assert event_funnel(user=officer, event=pw.event, as_of=TODAY).total.registered == 2
    assert not scoped(Event.objects.filter(pk=pw.other_event.pk), officer).exists()
    assert event_funnel(user=world.users["employer"], event=pw.event, as_of=TODAY).total.registered == 0


class FakeBilling:
    label = "Pembayaran dari tagihan"
    is_proxy = False

    def __init__(self, paid: dict[int, dt.date]) -> None:
        self.paid = paid

    def first_paid(self, membership_ids: Sequence[int], *, as_of: dt.date) -> dict[int, dt.date]:
        return {pk: day for pk, day in self.paid.items() if pk in membership_ids and day <= as_of}

    def active_after(self, membership_ids: Sequence[int], *, months: int, as_of: dt.date) -> dict[int, bool]:
        return {pk: True for pk in self.paid if pk in membership_ids}


@pytest.fixture
def billing() -> Iterator[None]:
    yield
    attribution.register_payment_evidence(None)


def test_billing_plugs_in_without_changing_the_funnel(pw: PartnershipWorld, world: World, billing: None) -> None:
    coded = pw.attribution.membership
    attribution.register_payment_evidence(FakeBilling({coded.pk: dt.date(2026, 4, 15)}))
    report = event_funnel(user=world.users["coordinator"], event=pw.event, as_of=TODAY)
    assert (report.total.first_paid, report.total.active_3m, report.is_proxy) == (1, 1, False)
    assert report.evidence_label == "Pembayaran dari tagihan"
    attribution.register_payment_evidence(None)
    assert isinstance(attribution.payment_evidence(), attribution.MembershipProxy)


def test_add_months_clips_to_the_end_of_the_month() -> None:
    assert attribution.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert attribution.add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert attribution.add_months(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
