"""The partnership pages read a fixed number of queries, whatever the number of agencies, events and workers.

Each page is asked once to warm up (session, profile, region lists), counted, then asked again after more
agencies (each with an active PKS and a target), more events (each with organisers and an attendee) and more
workers registered after them (by NIK and by event code) were added: the count must not move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindung.core.models import Agency
from lindung.partnership import services
from lindung.partnership.attribution import MembershipProxy, register_payment_evidence
from tests.factories import World, make_worker
from tests.partnership.factories import TODAY, PartnershipWorld, make_event, make_registration, quick_active_pks

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def _grow(world: World, pw: PartnershipWorld, n: int) -> None:
    """``n`` more agencies in the MoU with an active PKS and a target, each with an event held with dishub, an
    attendee who registered after it (matched by NIK) and a worker who registered with the event's code."""
    for i in range(n):
        agency = Agency.objects.create(region=world.medan, code=f"tambahan-{i}", name=f"Dinas Tambahan {i}",
                                       in_mou=True)  # fmt: skip
        pks = quick_active_pks(pw.mou, agency)
        services.pks_target_add(pks=pks, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                                workers=5, events=1)  # fmt: skip
        event = make_event(world.medan, [agency, world.agency], dt.date(2026, 4, 1 + i))
        nik = f"127101{10 + i:02d}0390{40 + i:04d}"
        services.attendee_add(event=event, name=f"Peserta {i}", nik=nik, consent=True, today=TODAY)
        make_registration(make_worker(world.medan, nik, f"Peserta {i}"), agency, dt.date(2026, 4, 20 + i))
        coded = make_registration(make_worker(world.medan, f"127101{10 + i:02d}0490{60 + i:04d}", f"Kode {i}"),
                                  world.agency, dt.date(2026, 5, 1 + i))  # fmt: skip
        services.event_attribute_registration(event=event, membership=coded, user=None)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def _pages(world: World) -> dict[str, str]:
    return {
        "scorecard": reverse("partnership_scorecard") + "?tahun=2026",
        "evidence": reverse("partnership_evidence") + "?tahun=2026",
        "agency": reverse("partnership_agency", args=[world.agency.pk]) + "?tahun=2026",
        "events": reverse("partnership_events") + "?tahun=2026",
    }


@pytest.mark.parametrize("role", ["coordinator", "agency_officer", "branch_officer"])
def test_each_page_reads_the_same_number_of_queries_with_more_data(
    pw: PartnershipWorld, world: World, client_for: Clients, role: str
) -> None:
    register_payment_evidence(MembershipProxy())  # the same provider before and after, whatever billing holds
    try:
        client = client_for(role)
        pages = {name: url for name, url in _pages(world).items() if not (role == "agency_officer" and
                 name == "evidence")}  # fmt: skip
        for url in pages.values():
            client.get(url)
        before = {name: _count(client, url) for name, url in pages.items()}
        _grow(world, pw, 4)
        after = {name: _count(client, url) for name, url in pages.items()}
    finally:
        register_payment_evidence(None)
    assert after == before
    assert max(before.values()) <= 45


def test_the_grown_data_shows_on_the_pages(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    """The counts above are of pages that do show the added rows (not of pages that silently left them out)."""
    _grow(world, pw, 3)
    client = client_for("coordinator")
    scorecard = client.get(_pages(world)["scorecard"]).content.decode()
    assert all(f"Dinas Tambahan {i}" in scorecard for i in range(3))
    events = client.get(_pages(world)["events"]).content.decode()
    assert events.count('href="/kemitraan/acara/SOS-') >= 5  # the two of the fixture and the three added
