"""The calculator's explanation (the basis of every amount) in the reader's language: each parameter's value
as the parameter page writes it (``0,24%``, ``Rp 10.547.400``, ``ya``), the date it took effect as a date
(``1 Juli 2015``) and how sure the figure is in words (``cukup tinggi``); English stays English.

The calc contract keeps its English, ISO trace for API users; the page words the trace from the parameter each
line names, so the page and the parameter page agree.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lindung.core.calc_adapter import calc_run, parameter_entry
from lindung.web.parameter_text import explanation_rows
from tests.factories import World

PU = {"segment": "PU", "period": "2026-01", "monthly_wage": "12.000.000", "jkk_risk_group": "1",
      "birth_date": "1990-05-01", "paid_date": "2026-04-20"}  # fmt: skip


def _post(world: World, language: str, kind: str, data: dict[str, str]) -> str:
    client = Client()
    client.force_login(world.users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("calc_run", args=[kind]), data)
    assert response.status_code == 200
    return response.content.decode()


def _explanations(page: str) -> str:
    return " ".join(re.findall(r"<summary[^>]*>.*?</details>", page, flags=re.S))


def test_the_contribution_explanation_reads_in_bahasa_indonesia(world: World) -> None:
    page = _explanations(_post(world, "id", "iuran", PU))
    for shown in ("1: 0,24%; 2: 0,54%; 3: 0,89%", "3,7%", "Rp 10.547.400", "1 Juli 2015", "1 Maret 2025",
                  "cukup tinggi"):  # fmt: skip
        assert shown in page, shown
    hidden = ("0.24%", "3.7%", "10,547,400", "2015-07-01", "2025-03-01", "medium-high")
    assert [text for text in hidden if text in page] == []


def test_the_contribution_explanation_reads_in_english(world: World) -> None:
    page = _explanations(_post(world, "en", "iuran", PU))
    for shown in ("1: 0.24%; 2: 0.54%", "3.7%", "Rp 10,547,400", "1 July 2015", "1 March 2025", "medium-high"):
        assert shown in page, shown
    assert [text for text in ("0,24%", "Juli", "2015-07-01", "cukup tinggi") if text in page] == []


def test_the_due_date_and_payment_date_are_dates_for_people(world: World) -> None:
    bahasa, english = _post(world, "id", "iuran", PU), _post(world, "en", "iuran", PU)
    # due on the 15th, moved past Sunday 15, cuti bersama 16 and Imlek 17 February 2026 (holidays.yaml)
    assert "18 Februari 2026" in bahasa and "20 April 2026" in bahasa and "2026-02-18" not in bahasa
    assert "18 February 2026" in english and "20 April 2026" in english and "2026-04-20" not in english


def test_the_benefit_explanation_reads_in_bahasa_indonesia(world: World) -> None:
    data = {"event": "death", "date": "2026-03-01", "contribution_months": "60", "children_levels": ["tk_sd", "sma"]}
    page = _explanations(_post(world, "id", "manfaat", data))  # type: ignore[arg-type]
    assert "Rp 42.000.000" in page or "Rp 20.000.000" in page
    assert "TK/SD: Rp 1.500.000" in page and "tk_sd" not in page and "university" not in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page) and not re.search(r"\d,\d{3}", page)


def test_the_eligibility_explanation_reads_in_bahasa_indonesia(world: World) -> None:
    data = {"date": "2025-03-01", "employer_size": "medium", "declared_income": "1.000.000"}
    page = _explanations(_post(world, "id", "kelayakan", data))
    assert "mikro: JKK, JKM, JHT; kecil: JKK, JKM, JHT; menengah: JKK, JKM, JHT, JP" in page
    assert "Rp 1.000.000" in page and "7 Februari 2025" in page and "sedang" in page
    assert [text for text in ("micro:", "1,000,000", "2025-02-07", ">medium<") if text in page] == []


def test_yes_and_no_and_an_unknown_line_keep_their_meaning() -> None:
    trace = [
        {"parameter": "no.such_parameter", "value": "yes", "effective_from": "2020-01-01", "reference": "PP 1/2020",
         "confidence": "low"},
        {"parameter": "jkk.pu_rate_by_risk_group", "value": "1: 0.24%", "effective_from": "1999-01-01",
         "reference": "PP 44/2015", "confidence": "high"},
    ]  # fmt: skip
    with translation.override("id"):
        unknown, undated = explanation_rows(trace)
        assert (unknown["value"], unknown["confidence_text"], unknown["confidence"]) == ("ya", "rendah", "low")
        assert unknown["effective_from"].isoformat() == "2020-01-01"
        assert undated["value"] == "1: 0.24%"  # no value of that day: the trace's own text, not a guess
    with translation.override("en"):
        assert explanation_rows(trace)[0]["value"] == "yes"
    assert explanation_rows([{"parameter": "x", "value": "1", "effective_from": "bad"}])[0]["effective_from"] == "bad"


def test_the_contract_keeps_its_english_trace_for_api_users() -> None:
    result, ok = calc_run("contribution", {"segment": "PU", "period": "2026-01", "monthly_wage": 5_000_000,
                                            "jkk_risk_group": 1, "explain": True})  # fmt: skip
    assert ok
    first = result["programs"]["JKK"]["explanation"][0]  # type: ignore[index]
    assert (first["value"], first["effective_from"], first["confidence"]) == (
        "1: 0.24%; 2: 0.54%; 3: 0.89%; 4: 1.27%; 5: 1.74%", "2015-07-01", "high",
    )  # fmt: skip


def test_each_explanation_line_says_what_its_parameter_is_in_the_readers_words(world: World) -> None:
    """Beside its code (linked to the parameter page), each line gives the parameter's description."""
    found = parameter_entry("jp.wage_cap", dt.date(2025, 3, 1))
    assert found is not None
    parameter = found[0]
    bahasa, english = _explanations(_post(world, "id", "iuran", PU)), _explanations(_post(world, "en", "iuran", PU))
    assert escape(parameter.description_in("id")) in bahasa and escape(parameter.description_in("en")) in english
    assert escape(parameter.description_in("en")) not in bahasa
    assert f'href="{reverse("parameters")}#jp.wage_cap"' in bahasa
