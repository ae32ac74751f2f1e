"""A child as a wage earner (UU 13/2003 Pasal 1 angka 26, 68-71): refused below 13, flagged from 13 to 17.

The same rule on the page, the API and a worker list: a refusal worded with the age and the article, nothing
written; a child the Act lets work only as an exception is registered with a warning the officer sees.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from lindung.registry.models import Membership, Worker
from lindung.registry.services import membership_move, membership_register, worker_register
from tests.factories import World
from tests.registry import files
from tests.registry.files import row

START = dt.date(2026, 1, 5)
TODAY = dt.date(2025, 11, 1)
# NIKs whose birth part (DDMMYY) matches the birth date: a 5-year-old, a 12-year-old a day before turning 13,
# a 14-year-old and a worker who turns 18 on the start date.
FIVE = ("1271011003200041", dt.date(2020, 3, 10))
TWELVE = ("1271010601130042", dt.date(2013, 1, 6))
FOURTEEN = ("1271011003110043", dt.date(2011, 3, 10))
EIGHTEEN = ("1271010501080044", dt.date(2008, 1, 5))


def _worker(world: World, person: tuple[str, dt.date]) -> Worker:
    nik, birth = person
    return worker_register(region=world.medan, nik=nik, name="Uji Anak", birth_date=birth, sex="M", today=TODAY)


def _register(world: World, worker: Worker, segment: str = "PU") -> Membership:
    payer = "employer" if segment == "PU" else "self"
    employer = world.employer if segment == "PU" else None
    return membership_register(
        worker=worker, payer_kind=payer, segment=segment, employer=employer, wage=4_500_000, valid_from=START
    )


@pytest.mark.parametrize("person", [FIVE, TWELVE], ids=["5 years", "12 years, a day before 13"])
def test_a_child_below_13_is_refused_as_a_wage_earner(registry_world: World, person: tuple[str, dt.date]) -> None:
    worker = _worker(registry_world, person)
    with pytest.raises(ValidationError) as refused:
        _register(registry_world, worker)
    message = " ".join(refused.value.message_dict["valid_from"])
    assert "tahun pada tanggal mulai" in message and "Pasal 68" in message and "13 tahun" in message
    assert "Pasal 69 ayat (1)" in message
    assert not Membership.objects.filter(worker=worker).exists()


def test_a_child_of_14_is_registered_with_a_note_naming_the_exceptions(registry_world: World) -> None:
    membership = _register(registry_world, _worker(registry_world, FOURTEEN))
    child = [n for n in membership.eligibility_notes if n.startswith("child worker")]
    assert child == [
        "child worker: age 14, allowed only under UU 13/2003 Pasal 69, Pasal 70, Pasal 71 "
        "(UU 13/2003 Pasal 1 angka 26; UU 13/2003 Pasal 69 ayat (1); UU 13/2003 Pasal 70 ayat (2))"
    ]


def test_an_adult_and_a_bpu_participant_get_no_child_note(registry_world: World) -> None:
    adult = _register(registry_world, _worker(registry_world, EIGHTEEN))  # 18 on the start date itself
    bpu = _register(registry_world, _worker(registry_world, FOURTEEN), segment="BPU")  # the rule is for PU
    assert not [n for n in [*adult.eligibility_notes, *bpu.eligibility_notes] if n.startswith("child")]


def test_moving_a_worker_checks_the_age_again(registry_world: World) -> None:
    membership = _register(registry_world, _worker(registry_world, FOURTEEN))
    moved = membership_move(
        membership=membership, employer=registry_world.other_employer, valid_from=START.replace(day=20)
    )
    assert any(n.startswith("child worker: age 14") for n in moved.eligibility_notes)


def _client(world: World, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _form(world: World) -> dict[str, str]:
    return {"segment": "PU", "payer_kind": "employer", "employer": str(world.employer.pk), "wage": "4500000",
            "valid_from": START.isoformat(), "sector": "other"}  # fmt: skip


def test_the_page_refuses_a_five_year_old_on_the_form(registry_world: World) -> None:
    worker = _worker(registry_world, FIVE)
    page = _client(registry_world).post(reverse("registry:membership_create", args=[worker.pk]), _form(registry_world))
    assert page.status_code == 200
    assert "Pengusaha dilarang mempekerjakan anak" in page.text and "Pasal 68" in page.text
    assert not Membership.objects.filter(worker=worker).exists()


def test_the_page_registers_a_child_of_14_and_warns_the_officer(registry_world: World) -> None:
    worker = _worker(registry_world, FOURTEEN)
    client = _client(registry_world)
    done = client.post(reverse("registry:membership_create", args=[worker.pk]), _form(registry_world), follow=True)
    assert Membership.objects.filter(worker=worker).count() == 1
    assert "alert-warning" in done.text and "masih anak" in done.text
    assert "Pasal 69, Pasal 70, Pasal 71" in done.text


def _api(world: World, payload: dict[str, Any]) -> Any:
    return _client(world).post("/api/v1/memberships", payload, content_type="application/json")


def test_the_api_refuses_a_five_year_old_with_422_and_warns_about_a_child(registry_world: World) -> None:
    small, teen = _worker(registry_world, FIVE), _worker(registry_world, FOURTEEN)
    payload = {"payer_kind": "employer", "segment": "PU", "employer_id": registry_world.employer.pk,
               "wage": 4_500_000, "valid_from": START.isoformat()}  # fmt: skip
    refused = _api(registry_world, {**payload, "worker_id": small.pk})
    assert refused.status_code == 422, refused.content
    assert "Pasal 68" in " ".join(refused.json()["errors"]["valid_from"])
    assert not Membership.objects.filter(worker=small).exists()
    created = _api(registry_world, {**payload, "worker_id": teen.pk})
    assert created.status_code == 201, created.content
    assert any(n.startswith("child worker: age 14") for n in created.json()["eligibility_notes"])


def _validate(world: World, data: bytes, name: str) -> Validation:
    context = ImportContext(kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=TODAY)
    return validate_file(data, name, context)


@pytest.mark.parametrize("name", ["daftar.csv", "daftar.xlsx"])
def test_a_worker_list_refuses_the_row_of_a_five_year_old_and_warns_on_a_child(
    registry_world: World, name: str
) -> None:
    rows = [
        row("1271011708900011", "Budi Santoso", "17/08/1990", start="05/01/2026"),
        row(FIVE[0], "Anak Lima", "10/03/2020", start="05/01/2026"),
        row(FOURTEEN[0], "Anak Empat Belas", "10/03/2011", start="05/01/2026"),
    ]
    data = files.csv_bytes(rows) if name.endswith("csv") else files.xlsx_bytes(rows)
    result = _validate(registry_world, data, name)
    child = result.issues.filter(pl.col("code").str.starts_with("child")).select("row", "code", "severity", "params")
    assert child.select("row", "code", "severity").rows() == [
        (3, "child_too_young", "error"),
        (4, "child_worker", "warning"),
    ]
    refused = describe("child_too_young", json.loads(child["params"][0]))[0]
    assert refused.startswith("Pekerja berumur 5 tahun pada tanggal mulai") and "Pasal 69 ayat (1)" in refused
    warned = describe("child_worker", json.loads(child["params"][1]))[0]
    assert "berumur 14 tahun" in warned and "Pasal 1 angka 26" in warned and "Pasal 69, Pasal 70, Pasal 71" in warned
    plan = result.plan.select("row", "ok", "create_worker", "create_membership").rows()
    assert plan == [(2, True, True, True), (3, False, False, False), (4, True, True, True)]
    notes = result.plan.filter(pl.col("row") == 4)["notes"].item().to_list()
    assert any(
        n.startswith("child worker: age 14, allowed only under UU 13/2003 Pasal 69, Pasal 70, Pasal 71") for n in notes
    )
    assert result.counts()["error_rows"] == 1 and result.counts()["warning_rows"] == 1
