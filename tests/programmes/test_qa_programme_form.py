"""Exploratory QA of the programme form: each refusal names what is wrong with the value given."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lindung.programmes.models import Programme
from tests.factories import World


def _form(**over: Any) -> dict[str, Any]:
    data = {"year": 2027, "name": "P", "budget": 1_000_000_000, "programs": ["JKK", "JKM"],
            "declared_income": 1_000_000, "first_month": 1, "last_month": 12, "min_age": 18, "max_age": 65,
            "verify_days": 5, "budget_days": 5, "enrol_days": 7, "source_0": "city", "share_0": "100"}  # fmt: skip
    return {**data, **over}


@pytest.mark.parametrize(
    ("ages", "message"),
    [
        ({"max_age": 101}, "Usia tertinggi paling banyak 100 tahun."),
        ({"max_age": 200}, "Usia tertinggi paling banyak 100 tahun."),
        ({"min_age": 70, "max_age": 20}, "Usia terendah harus lebih kecil dari usia tertinggi."),
    ],
)
def test_an_age_range_refusal_says_what_is_wrong(world: World, ages: dict[str, int], message: str) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.post("/program-rentan/baru/", _form(**ages)).content.decode()
    assert message in page
    other = {"Usia tertinggi paling banyak 100 tahun.", "Usia terendah harus lebih kecil dari usia tertinggi."}
    assert not any(text in page for text in other - {message})
    assert not Programme.objects.exists()


def test_the_oldest_age_allowed_is_saved(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    assert client.post("/program-rentan/baru/", _form(max_age=100)).status_code == 302
    assert Programme.objects.get().max_age == 100
