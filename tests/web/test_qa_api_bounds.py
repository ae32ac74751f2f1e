"""Exploratory QA of the API's list parameters: a value out of range is a 422 naming the parameter, not a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import World

OUT_OF_RANGE = [
    ("/api/v1/employers?offset=-1", "offset"),
    ("/api/v1/employers?offset=99999999999999999999", "offset"),
    ("/api/v1/imports/1/issues?offset=-5", "offset"),
    ("/api/v1/programmes/1/waiting-list?offset=-1", "offset"),
    ("/api/v1/proposals?offset=-3", "offset"),
    ("/api/v1/proposals?offset=9223372036854775807", "offset"),
    ("/api/v1/partnership/scorecard?year=99999", "year"),
    ("/api/v1/partnership/scorecard?year=0", "year"),
    ("/api/v1/partnership/events?year=-1", "year"),
    ("/api/v1/coverage/suspects?limit=-1", "limit"),
    ("/api/v1/coverage/gaps/kelurahan?limit=0", "limit"),
]


def _client(world: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["coordinator"])
    return client


@pytest.mark.parametrize(("url", "parameter"), OUT_OF_RANGE)
def test_an_out_of_range_list_parameter_is_refused_with_its_name(world: World, url: str, parameter: str) -> None:
    response = _client(world).get(url)
    assert response.status_code == 422, response.content[:300]
    assert response.json()["detail"][0]["loc"] == ["query", parameter]


def test_the_first_page_and_a_page_past_the_end_still_answer(world: World) -> None:
    client = _client(world)
    first = client.get("/api/v1/employers?offset=0")
    assert first.status_code == 200 and len(first.json()) >= 1
    assert client.get("/api/v1/employers?offset=100000000").json() == []
    assert client.get("/api/v1/partnership/events?year=2026").status_code == 200
