"""A registration that names a socialisation event's code is counted in that event's funnel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lindung.partnership.models import Event, EventAttribution
from lindung.partnership.selectors.funnel import event_funnel
from lindung.partnership.services import event_create
from lindung.registry.models import Worker
from lindung.registry.services import membership_register, worker_register
from tests.factories import World

TODAY = dt.date(2025, 11, 1)
HELD = dt.date(2025, 10, 4)


@pytest.fixture
def event(world: World) -> Event:
    return event_create(region=world.medan, title="Sosialisasi ojek daring", held_on=HELD,
                        organisers=[world.agency], code="SOS-1271-25001")  # fmt: skip


def _register(world: World, **fields: object) -> Worker:
    base: dict[str, object] = {"nik": "1271011708900021", "name": "Budi Santoso", "birth_date": dt.date(1990, 8, 17)}
    return worker_register(region=world.medan, sex="M", today=TODAY, **{**base, **fields})


def test_register_with_a_code_then_enrol_and_the_event_funnel_counts_it(world: World, event: Event) -> None:
    worker = _register(world, event_code=" sos-1271-25001 ")
    assert worker.event_code == "SOS-1271-25001"
    membership = membership_register(worker=worker, payer_kind="self", segment="BPU", wage=1_000_000,
                                     valid_from=TODAY)  # fmt: skip
    assert EventAttribution.objects.get(membership=membership).event == event
    report = event_funnel(user=world.users["coordinator"], event=event, as_of=dt.date(2026, 6, 30))
    assert report.total.registered == 1
    (member,) = report.total.members
    assert (member.registration.worker_id, member.registration.via) == (worker.pk, "code")
    assert member.active_3m is True


def test_only_the_first_registration_after_the_event_is_credited(world: World, event: Event) -> None:
    worker = _register(world, event_code=event.code)
    early = membership_register(worker=worker, payer_kind="employer", segment="PU", employer=world.employer,
                                wage=4_500_000, valid_from=dt.date(2025, 9, 1), programs=["JKK", "JKM"])  # fmt: skip
    later = membership_register(worker=worker, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=TODAY)
    again = membership_register(worker=worker, payer_kind="sponsor", segment="BPU", wage=1_000_000,
                                employer=world.other_employer, valid_from=TODAY)  # fmt: skip
    credited = set(EventAttribution.objects.values_list("membership", flat=True))
    assert credited == {later.pk}, "before the event is not the event's doing; one credit per worker"
    assert early.pk not in credited and again.pk not in credited


@pytest.mark.parametrize(
    ("code", "fragment"),
    [("SOS-9999-00001", "tidak dikenal"), ("SOS-1275-25001", "tidak dikenal"), ("SOS-1271-26001", "baru berlangsung")],
)
def test_an_unknown_foreign_or_future_code_is_refused_and_nothing_saved(
    world: World, event: Event, code: str, fragment: str
) -> None:
    event_create(region=world.other, title="Binjai", held_on=HELD, organisers=[world.foreign_agency],
                 code="SOS-1275-25001")  # fmt: skip
    event_create(region=world.medan, title="Nanti", held_on=dt.date(2026, 1, 10), organisers=[world.agency],
                 code="SOS-1271-26001")  # fmt: skip
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as error:
        _register(world, event_code=code)
    assert fragment in error.value.message_dict["event_code"][0]
    assert Worker.objects.count() == before


def test_the_worker_form_takes_the_code_and_shows_a_bad_one_on_its_field(world: World, event: Event) -> None:
    client = Client()
    client.force_login(world.users["agency_officer"])
    form = {"nik": "1271011708900021", "name": "Budi Santoso", "birth_date": "1990-08-17", "sex": "M"}
    page = client.post(reverse("registry:worker_create"), {**form, "event_code": "SOS-X"})
    assert page.status_code == 200 and "SOS-X tidak dikenal" in page.text
    assert not Worker.objects.filter(name="Budi Santoso").exists()
    done = client.post(reverse("registry:worker_create"), {**form, "event_code": event.code})
    worker = Worker.objects.get(name="Budi Santoso")
    assert done.status_code == 302 and worker.event_code == event.code
    assert event.code in client.get(reverse("registry:worker_detail", args=[worker.pk])).text
