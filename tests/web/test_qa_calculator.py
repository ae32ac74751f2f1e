"""Exploratory QA of the calculator page: a refused input names what is accepted, as written by the rules."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import World


def _refusal(world: World, kind: str, data: dict[str, str]) -> str:
    client = Client()
    client.force_login(world.users["worker"])
    response = client.post(reverse("calc_run", args=[kind]), data)
    assert response.status_code == 422
    return response.text


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        ({"segment": "PU", "period": "2026-01", "monthly_wage": "-5"}, "integer &gt;= 0"),
        ({"segment": "PU", "period": "2026-01", "monthly_wage": "1" + "0" * 30}, "&lt;= 900000000000"),
        ({"segment": "PU", "period": "9999-99", "monthly_wage": "5000000"}, "YYYY-MM, month 01-12"),
    ],
)
def test_a_described_range_is_shown_as_written_not_letter_by_letter(
    world: World, data: dict[str, str], accepted: str
) -> None:
    text = _refusal(world, "iuran", data)
    assert f"yang diterima: {accepted})" in text
    assert "i, n, t" not in text and "&lt;, =" not in text and "Y, Y, Y, Y" not in text


def test_a_list_of_accepted_values_is_joined(world: World) -> None:
    text = _refusal(world, "manfaat", {"event": "zzz"})
    assert "yang diterima: medical, transport, temporary_incapacity" in text
