"""Every percentage of the coverage pages and exports in the reader's decimal style: "8,75%" / "8.75%".

Found on the demo: the Indonesian dashboard's UCJ indicator read "target jalur RPJMD: 65.31%" (the goal note
was written with Python's own float), and a follow-up showed its figure as the assigner's page wrote it.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.coverage.models import FollowUp
from lindung.coverage.templatetags.coverage_format import angka_tugas
from tests.coverage.factories import City
from tests.coverage.test_views import body, client_for

pytestmark = pytest.mark.django_db
#: A percentage written in the other language's style: a point in Indonesian, a comma in English.
WRONG_MARK = {"id": re.compile(r"\d\.\d{1,2}\s?%"), "en": re.compile(r"\d,\d{1,2}\s?%")}
RIGHT_MARK = {"id": re.compile(r"\d,\d{1,2}%"), "en": re.compile(r"\d\.\d{1,2}%")}


def _visible(page: str) -> str:
    """The page without its scripts (the charts' JSON writes numbers for the machine) and its styles."""
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    return re.sub(r'style="[^"]*"', "", page)


def _client(city: City, role: str, language: str) -> Client:
    client = client_for(city.world, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _assign(city: City, figure: str) -> None:
    FollowUp.objects.create(
        region=city.world.medan, kind="village", subject_key="12.71.01.1001", subject_label="Kel. Satu",
        figure=figure, agency=city.world.agency, assigned_at="2026-02-15T08:00Z",
    )  # fmt: skip


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_coverage_page_writes_percentages_in_the_readers_style(refreshed: City, language: str) -> None:
    _assign(refreshed, "1.57%")
    client = _client(refreshed, "coordinator", language)
    pages = {
        "dashboard": reverse("coverage_dashboard"),
        "district": reverse("coverage_district", args=["12.71.01"]),
        "villages": reverse("coverage_gaps"),
        "sectors": reverse("coverage_gaps_kind", args=["sektor"]),
        "followups": reverse("coverage_followups"),
        "targets": reverse("coverage_targets"),
    }
    for name, url in pages.items():
        page = _visible(body(client.get(url)))
        assert RIGHT_MARK[language].search(page), f"{name}: a percentage is shown"
        wrong = WRONG_MARK[language].findall(page)
        assert not wrong, f"{name} ({language}) writes {wrong}"


@pytest.mark.parametrize(("language", "note"), [("id", r"RPJMD: \d+,\d\d% "), ("en", r"target: \d+\.\d\d% ")])
def test_the_ucj_indicators_goal_note_uses_the_readers_decimal_mark(refreshed: City, language: str, note: str) -> None:
    client = _client(refreshed, "coordinator", language)
    board = client.get(reverse("coverage_dashboard")).context["board"]
    ucj = next(i for i in board.indicators if i.key == "ucj")
    assert re.search(note, str(ucj.note)), ucj.note
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("coverage_export")).content))
    notes = [str(row[3]) for row in book.worksheets[-1].iter_rows(min_row=2, values_only=True) if row[3]]
    assert notes and not any(WRONG_MARK[language].search(text) for text in notes), notes
    assert any(re.search(note, text) for text in notes)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("id", ["1,57%", "2,5%", "12%", "3 bulan"]), ("en", ["1.57%", "2.5%", "12%", "3 bulan"])],
)
def test_a_followups_stored_figure_is_shown_in_the_readers_style(language: str, shown: list[str]) -> None:
    from django.utils import translation

    with translation.override(language):
        assert [angka_tugas(text) for text in ("1.57%", "2,5%", "12%", "3 bulan")] == shown
