"""The benefit calculator's page offers every event the calc contract accepts, each with exactly the fields the
rules read for it: submitted as the page sends them, every event gets the amounts the rules compute."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.rules import api_benefit
from lindung.web.benefit_form import BENEFIT_EVENTS
from lindung.web.calculator import form_to_input
from tests.factories import World

pytestmark = pytest.mark.django_db

#: Per event: the day of the event, what a user types in the page's own fields (the page hides and disables the
#: others), and the amounts the rules give for it (tests/rules/cases/benefits.yaml reads the same law).
CASES: dict[str, tuple[str, dict[str, Any], dict[str, int]]] = {
    "medical": ("2024-05-01", {"claim_date": "2024-06-01"}, {}),
    "transport": ("2024-01-01", {"transport_mode": "air", "cost": "12.000.000", "claim_date": "2024-02-01"},
                  {"transport": 10_000_000}),
    "temporary_incapacity": ("2024-05-01", {"monthly_wage": "4.000.000", "incapacity_months": "15",
                                            "claim_date": "2025-09-01"},
                             {"full_rate_months": 48_000_000, "reduced_rate_months": 6_000_000}),
    "partial_disability": ("2024-05-01", {"monthly_wage": "5.000.000", "disability_percent": "12,5",
                                          "function_loss_percent": "", "claim_date": "2024-07-01"},
                           {"disability_lump_sum": 50_000_000}),
    "total_permanent_disability": ("2024-05-01", {"monthly_wage": "5.000.000", "children_levels": ["", ""],
                                                  "claim_date": "2024-05-02"},
                                   {"disability_lump_sum": 280_000_000, "periodic": 12_000_000}),
    "home_care": ("2024-01-01", {"cost": "25.000.000", "care_months": "6", "claim_date": "2024-08-01"},
                  {"home_care": 20_000_000}),
    "work_accident_death": ("2024-05-01", {"monthly_wage": "5.000.000", "children_levels": ["smp", "sma"],
                                           "claim_date": "2024-05-20"},
                            {"death_lump_sum": 240_000_000, "periodic": 12_000_000, "funeral": 10_000_000,
                             "scholarship": 144_000_000}),
    "death": ("2024-05-01", {"contribution_months": "60", "children_levels": ["tk_sd", ""]},
              {"death_lump_sum": 20_000_000, "periodic": 12_000_000, "funeral": 10_000_000,
               "scholarship": 87_000_000}),
    "jht": ("2025-01-01", {"jht_trigger": "death", "jht_balance": "1.000.000", "event_date": "",
                           "birth_date": "", "monthly_contribution": "100.000", "projection_months": "12",
                           "annual_return": "6"},
            {"jht_balance": 2_293_000}),
    "jht_partial": ("2025-01-01", {"jht_balance": "100.000.000", "membership_months": "120", "purpose": "housing"},
                    {"partial_max": 30_000_000}),
    "jp_old_age": ("2023-06-01", {"birth_date": "1965-01-10", "contribution_months": "200",
                                  "average_indexed_wage": "8.000.000", "jp_balance": ""},
                   {"monthly_pension": 1_333_333}),
    "jp_disability": ("2023-03-01", {"contribution_months": "2", "membership_months": "2", "paid_months": "2",
                                     "average_indexed_wage": "6.000.000"},
                      {"disability_pension": 900_000}),
    "jp_death": ("2023-03-01", {"contribution_months": "30", "membership_months": "30", "paid_months": "30",
                                "average_indexed_wage": "6.000.000", "spouse": "on", "children": "2"},
                 {"spouse_pension": 450_000}),
    "phk": ("2025-02-07", {"phk_date": "2025-02-07", "monthly_wage": "8.000.000", "contribution_months": "14",
                           "consecutive_months": "14", "separation": "phk", "claim_date": "2025-08-07"},
            {"cash_benefit": 18_000_000}),
}  # fmt: skip
#: Fields the rules read that are not the event's own: the call's common fields.
COMMON = {"event", "date", "period", "explain"}
#: Fields the rules read in place of one the page offers: JHT takes ``phk_date`` when ``event_date`` is blank.
ALIASES = {"jht": {"phk_date"}}


class Reading(dict[str, Any]):
    """A calc input that remembers every field the rules look up, given or not."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


def _client(world: World, language: str = "id") -> Client:
    client = Client()
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


class _Fields(HTMLParser):
    """Per event, the names of the benefit form's fields the page shows for it (``data-events`` of a div)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[str, set[str]] = {event: set() for event in BENEFIT_EVENTS}
        self.divs: list[str | None] = []
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.in_form = found.get("id") == "benefit-form"
        elif tag == "div":
            self.divs.append(found.get("data-events"))
        elif self.in_form and tag in ("input", "select") and found.get("name"):
            events = next((e for e in reversed(self.divs) if e is not None), None)
            for event in (events or "").split():
                self.shown[event].add(str(found["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.divs.pop()
        elif tag == "form":
            self.in_form = False


def _shown(body: str) -> dict[str, set[str]]:
    parser = _Fields()
    parser.feed(body)
    return parser.shown


def test_the_page_offers_every_event_the_rules_accept(world: World) -> None:
    assert set(BENEFIT_EVENTS) == set(api_benefit.EVENTS) == set(CASES)
    body = _client(world).get(reverse("calc")).content.decode()
    assert [f'<option value="{e}">' in body for e in BENEFIT_EVENTS] == [True] * len(BENEFIT_EVENTS)


@pytest.mark.parametrize("event", BENEFIT_EVENTS)
def test_each_event_shows_exactly_the_fields_the_rules_read(world: World, event: str) -> None:
    shown = _shown(_client(world).get(reverse("calc")).content.decode())
    day, fields, _ = CASES[event]
    obj = Reading(form_to_input(_as_query({"event": event, "date": day, **fields})))
    api_benefit.EVENTS[event](obj)
    assert shown[event] == obj.read - COMMON - ALIASES.get(event, set())
    assert set(fields) <= shown[event]


@pytest.mark.parametrize("event", BENEFIT_EVENTS)
def test_each_event_is_answered_with_the_amounts_of_the_rules(world: World, event: str) -> None:
    day, fields, amounts = CASES[event]
    response = _client(world).post(reverse("calc_run", args=["manfaat"]), {"event": event, "date": day, **fields})
    assert response.status_code == 200, response.content.decode()[:400]
    result = response.context["result"]
    assert result["eligible"] and result["amounts"] == amounts and result["total"] == sum(amounts.values())


def test_a_jkk_claim_after_the_claim_period_pays_nothing(world: World) -> None:
    data = {"event": "transport", "date": "2020-01-10", "transport_mode": "sea", "cost": "1.000.000"}
    client = _client(world)
    on_time = client.post(reverse("calc_run", args=["manfaat"]), {**data, "claim_date": "2025-01-10"})
    late = client.post(reverse("calc_run", args=["manfaat"]), {**data, "claim_date": "2025-01-11"})
    assert on_time.context["result"]["total"] == 1_000_000 and on_time.context["result"]["eligible"]
    assert late.context["result"]["total"] == 0 and not late.context["result"]["eligible"]
    assert "Hak atas JKK sudah kedaluwarsa" in late.content.decode()


def test_a_jkp_claim_after_its_deadline_pays_nothing(world: World) -> None:
    day, fields, _ = CASES["phk"]
    data = {"event": "phk", "date": day, **fields, "claim_date": "2025-08-08"}
    result = _client(world).post(reverse("calc_run", args=["manfaat"]), data).context["result"]
    assert not result["eligible"] and result["total"] == 0 and result["details"]["unmet"] == ["claimed_late"]


@pytest.mark.parametrize("event", ["transport", "phk"])
def test_a_claim_before_the_event_is_refused_in_the_readers_language(world: World, event: str) -> None:
    day, fields, _ = CASES[event]
    data = {"event": event, "date": day, **fields, "claim_date": "2015-07-01"}
    response = _client(world).post(reverse("calc_run", args=["manfaat"]), data)
    body = response.content.decode()
    assert response.status_code == 422 and response.context["result"]["field"] == "claim_date"
    assert "Nilai ini di luar rentang yang diterima." in body and "is before the event date" not in body
    english = _client(world, "en").post(reverse("calc_run", args=["manfaat"]), data).content.decode()
    assert "claim_date 2015-07-01 is before the event date" in english


def test_checkboxes_left_unticked_are_not_sent_and_ticked_ones_are_true(world: World) -> None:
    data = {"event": "jht_partial", "date": "2025-01-01", "jht_balance": "100.000.000", "membership_months": "200",
            "purpose": "housing", "partial_taken_before": "on"}  # fmt: skip
    result = _client(world).post(reverse("calc_run", args=["manfaat"]), data).context["result"]
    assert not result["eligible"] and result["total"] == 0
    day, fields, _ = CASES["jp_death"]
    no_spouse = {k: v for k, v in fields.items() if k != "spouse"}
    result = _client(world).post(reverse("calc_run", args=["manfaat"]), {"event": "jp_death", "date": day,
                                                                         **no_spouse}).context["result"]  # fmt: skip
    assert result["amounts"] == {"children_pension": 450_000} and result["details"]["children_counted"] == 2


def test_children_left_at_dash_are_not_sent_and_the_levels_are_worded(world: World) -> None:
    client = _client(world)
    data = {"event": "death", "date": "2026-11-24", "contribution_months": "60", "children_levels": ["", "smp"]}
    response = client.post(reverse("calc_run", args=["manfaat"]), data)
    assert response.status_code == 200 and response.context["input"]["children_levels"] == ["smp"]
    body = _client(world, "en").get(reverse("calc")).content.decode()
    assert "Reason for the JHT claim" in body and "Fixed-term contract (PKWT) ended" in body
    assert "Survivor pension (JP)" in body and "Claim date" in body and "Pensiun ahli waris" not in body


def _as_query(data: dict[str, Any]) -> Any:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


@pytest.mark.parametrize("junk", ["x", "-1"])
def test_junk_in_any_field_of_any_event_is_a_worded_refusal_not_a_crash(world: World, junk: str) -> None:
    client = _client(world)
    for event in BENEFIT_EVENTS:
        day, fields, _ = CASES[event]
        for name in fields:
            data = {"event": event, "date": day, **fields, name: junk}
            response = client.post(reverse("calc_run", args=["manfaat"]), data)
            assert response.status_code in (200, 422), (event, name, junk)
            if response.status_code == 422:
                assert response.context["result"]["field"] and "Periksa isian" in response.content.decode()
