"""Creating employers, workers and memberships over the API: the pages' services, roles, scope and messages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from lindung.core.models import Village
from lindung.partnership.models import EventAttribution
from lindung.partnership.services import event_create
from lindung.registry.models import Employer, Membership, Worker
from tests.factories import World

API = "/api/v1"
NIK = "1271011708900021"
WORKER = {"nik": "12.7101 1708900021", "name": "Budi  Santoso", "birth_date": "1990-08-17", "sex": "M",
          "phone": "0812-3456-7890"}  # fmt: skip
EMPLOYER = {"name": "CV Ojek Deli", "kind": "private", "subkind": "company", "size": "micro", "kbli": "47111"}


def _post(world: World, role: str, path: str, payload: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(world.users[role])
    return client.post(f"{API}{path}", payload, content_type="application/json")


def test_schema_lists_the_create_endpoints(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/api/v1/workers"]) and {"post"} <= set(paths["/api/v1/employers"])
    assert "422" in paths["/api/v1/workers"]["post"]["responses"]


def test_a_worker_is_registered_and_answered_masked(world: World) -> None:
    response = _post(world, "agency_officer", "/workers", WORKER)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["nik_masked"], body["name"], body["phone_masked"]) == ("1271********0021", "Budi Santoso",
                                                                         "+6281****890")  # fmt: skip
    assert body["proposed_by_agency_id"] == world.agency.pk, "an agency officer's workers are its proposals"
    assert NIK not in response.text and "3456" not in response.text
    assert Worker.objects.get(pk=body["id"]).nik_masked == "1271********0021"


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"nik": "12710117089000"}, "nik", "16 digit"),
        ({"birth_date": "1990-08-18"}, "nik", "tidak sama dengan tanggal lahir"),
        ({"sex": "X"}, "sex", "Pilih jenis kelamin"),
        ({"phone": "12345"}, "phone", ""),
        ({"vulnerability_category": "ojek_driver"}, "consent", "persetujuan"),
        ({"vulnerability_category": "astronaut", "consent": True}, "vulnerability_category", "tidak dikenal"),
        ({"event_code": "SOS-0000-00000"}, "event_code", "tidak dikenal"),
        ({"village_id": 999_999}, "village_id", "cakupan"),
    ],
)
def test_bad_worker_input_is_422_with_the_message_on_its_field_and_nothing_saved(
    world: World, change: dict[str, Any], field: str, fragment: str
) -> None:
    before = Worker.objects.count()
    response = _post(world, "coordinator", "/workers", {**WORKER, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert fragment in " ".join(body["errors"][field]) and body["detail"]
    assert NIK not in response.text
    assert Worker.objects.count() == before


def test_a_known_nik_is_refused_without_saying_whose(world: World) -> None:
    response = _post(world, "coordinator", "/workers", {**WORKER, "nik": "1271011708900001",
                                                        "birth_date": "1990-08-17"})  # fmt: skip
    assert response.status_code == 422 and "sudah terdaftar" in response.json()["errors"]["nik"][0]
    assert "Budi Uji" not in response.text


def test_malformed_json_fields_are_422_naming_the_field(world: World) -> None:
    response = _post(world, "coordinator", "/workers", {**WORKER, "birth_date": "17/08/1990"})
    assert response.status_code == 422 and "birth_date" in response.text


@pytest.mark.parametrize("role", ["auditor", "worker", "no_role", "broken_scope"])
def test_roles_that_may_not_write_are_refused(world: World, role: str) -> None:
    assert _post(world, role, "/workers", WORKER).status_code == 403
    assert _post(world, role, "/employers", EMPLOYER).status_code == 403
    assert not Employer.objects.filter(name=EMPLOYER["name"]).exists()


def test_an_employer_is_created_with_its_derived_risk_group(world: World) -> None:
    response = _post(world, "coordinator", "/employers", {**EMPLOYER, "npwp": "01.312.166.0-091.000",
                                                          "agency_id": world.other_agency.pk})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["jkk_risk_group"], body["jkk_risk_derived"], body["agency_id"]) == (1, 1, world.other_agency.pk)


def test_an_agency_officers_employer_belongs_to_its_own_agency(world: World) -> None:
    response = _post(world, "agency_officer", "/employers", EMPLOYER)
    assert response.status_code == 201 and response.json()["agency_id"] == world.agency.pk
    other = _post(world, "agency_officer", "/employers", {**EMPLOYER, "agency_id": world.other_agency.pk})
    assert other.status_code == 422 and "agency_id" in other.json()["errors"], "as the page: not its choice"


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"npwp": "12.345"}, "npwp", ""),
        ({"kind": "alien"}, "kind", "tidak dikenal"),
        ({"subkind": "blud"}, "subkind", "tidak sesuai"),
        ({"size": ""}, "size", "skala usaha"),
        ({"kbli": "41011"}, "jkk_risk_group", "alasannya"),
        ({"jkk_risk_group": 7, "jkk_risk_override_reason": "Pekerjaan di ketinggian"}, "jkk_risk_group", "1 sampai 5"),
        ({"jkk_risk_group": 3}, "jkk_risk_override_reason", "alasannya"),
        ({"contact_email": "bukan-email"}, "contact_email", ""),
        ({"agency_id": 999_999}, "agency_id", "cakupan"),
    ],
)
def test_bad_employer_input_is_422_with_the_message_on_its_field(
    world: World, change: dict[str, Any], field: str, fragment: str
) -> None:
    response = _post(world, "coordinator", "/employers", {**EMPLOYER, **change})
    assert response.status_code == 422, response.content
    assert fragment in " ".join(response.json()["errors"][field])
    assert not Employer.objects.filter(name=EMPLOYER["name"]).exists()


def test_a_village_of_another_region_is_out_of_scope(world: World) -> None:
    binjai = Village.objects.get(district__region=world.other)
    response = _post(world, "coordinator", "/employers", {**EMPLOYER, "village_id": binjai.pk})
    assert response.status_code == 422 and "village_id" in response.json()["errors"]


def test_register_with_an_event_code_then_enrol_over_the_api(world: World) -> None:
    event = event_create(region=world.medan, title="Sosialisasi", held_on=dt.date(2025, 10, 4),
                         organisers=[world.agency])  # fmt: skip
    worker = _post(world, "coordinator", "/workers", {**WORKER, "event_code": event.code.lower()}).json()
    assert worker["event_code"] == event.code
    payload = {"worker_id": worker["id"], "payer_kind": "city_programme", "segment": "BPU", "wage": 1_000_000,
               "valid_from": "2025-11-01", "agency_id": world.agency.pk}  # fmt: skip
    created = _post(world, "coordinator", "/memberships", payload)
    assert created.status_code == 201, created.content
    membership = Membership.objects.get(pk=created.json()["id"])
    assert membership.agency == world.agency
    assert EventAttribution.objects.get(membership=membership).event == event


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"segment": "XX"}, "segment", "Segmen tidak dikenal"),
        ({"payer_kind": "bank"}, "payer_kind", "Pembayar tidak dikenal"),
        ({"wage": 900_000}, "wage", "BPU"),
        ({"programs": ["JKK", "JP"]}, "programs", "JP"),
        ({"agency_id": 999_999}, "agency_id", "cakupan"),
    ],
)
def test_bad_membership_input_is_422_by_field(world: World, change: dict[str, Any], field: str, fragment: str) -> None:
    payload = {"worker_id": world.proposed_worker.pk, "payer_kind": "self", "segment": "BPU", "wage": 1_000_000,
               "valid_from": "2025-11-01"}  # fmt: skip
    response = _post(world, "coordinator", "/memberships", {**payload, **change})
    assert response.status_code == 422, response.content
    assert fragment in " ".join(response.json()["errors"][field])
    assert not Membership.objects.filter(worker=world.proposed_worker).exists()
    assert json.loads(response.text)["detail"]


def test_an_employer_reads_back_the_worker_it_registered(world: World) -> None:
    created = _post(world, "employer", "/workers", WORKER)
    assert created.status_code == 201, created.content
    client = Client()
    client.force_login(world.users["employer"])
    assert client.get(f"{API}/workers/{created.json()['id']}").status_code == 200
    assert Worker.objects.get(pk=created.json()["id"]).registered_by_employer_id == world.employer.pk
