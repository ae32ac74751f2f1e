"""What a walk through the demo in a browser found, each as the outcome a reader sees.

The parameter page showed ``Fraction(3, 1250)``, ``None`` and ``20000000``; a moment made at 03:41 WIB read as
the day before; an English page wrote ``Rp 43.780.800``; a worker's vulnerable group read ``domestic_worker``;
a merge without a chosen survivor did nothing and said nothing; "1 chunks".
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lindung.registry.models import DuplicateCandidate, MergeJournal, Worker
from lindung.registry.services import worker_register
from lindung.web.templatetags.lindung_format import (
    format_count,
    format_date_id,
    format_moment,
    format_rupiah,
    stakeholder_group,
)
from tests.factories import World

#: 20:41 UTC on 24 November is 03:41 WIB (Asia/Jakarta) on the 25th.
LATE_EVENING_UTC = dt.datetime(2026, 11, 24, 20, 41, tzinfo=dt.UTC)


def _client(world: World, role: str, language: str = "id") -> Client:
    client = Client()
    client.force_login(world.users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "day", "moment", "count", "money"),
    [
        ("id", "25 November 2026", "25 November 2026 03:41", "2.606", "Rp 43.780.800"),
        ("en", "25 November 2026", "25 November 2026 03:41", "2,606", "Rp 43,780,800"),
    ],
)
def test_moments_counts_and_rupiah_in_the_readers_style(
    language: str, day: str, moment: str, count: str, money: str
) -> None:
    with translation.override(language):
        assert format_date_id(LATE_EVENING_UTC) == day, "the local day, not the UTC one"
        assert format_moment(LATE_EVENING_UTC) == moment
        assert (format_count(2606), format_rupiah(43_780_800)) == (count, money)
        assert format_rupiah(-5000) == ("-Rp 5.000" if language == "id" else "-Rp 5,000")
        assert format_count(None) == format_moment(None) == "–"


def test_a_vulnerable_group_by_its_name() -> None:
    with translation.override("id"):
        assert stakeholder_group("domestic_worker") == "Pekerja rumah tangga"
    with translation.override("en"):
        assert stakeholder_group("domestic_worker") == "Domestic workers"
    assert stakeholder_group("no_such_group") == "no_such_group" and stakeholder_group("") == "–"


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("id", ["Rp 20.000.000", "0,24%", "belum diketahui", "ya", "persen", "tinggi", "1 Juli 2015"],
         ["Fraction(", ">None<", ">True<", "20000000", "medium-high", "2015-07-01"]),
        ("en", ["Rp 20,000,000", "0.24%", "not known yet", "yes", "percent", "high", "1 July 2015"],
         ["Fraction(", ">None<", ">True<", "belum diketahui", "2015-07-01"]),
    ],
)  # fmt: skip
def test_the_parameter_page_writes_values_for_people(
    world: World, language: str, shown: list[str], hidden: list[str]
) -> None:
    page = _client(world, "worker", language).get(reverse("parameters")).text
    assert [s for s in shown if s not in page] == []
    assert [h for h in hidden if h in page] == []


def test_the_parameter_page_as_of_a_day_keeps_the_value_in_force(world: World) -> None:
    page = _client(world, "worker").get(reverse("parameters") + "?as_of=2021-03-15").text
    assert "Rp 8.754.600" in page and "PP 45/2015" in page


@pytest.mark.django_db
def test_a_worker_page_names_the_vulnerable_group(world: World) -> None:
    Worker.objects.filter(pk=world.worker.pk).update(vulnerability_category="domestic_worker")
    url = reverse("registry:worker_detail", args=[world.worker.pk])
    assert "Pekerja rumah tangga" in _client(world, "coordinator").get(url).text
    english = _client(world, "coordinator", "en").get(url).text
    assert "Domestic workers" in english and "domestic_worker" not in english


def test_the_registration_form_offers_the_groups_in_english(world: World) -> None:
    page = _client(world, "coordinator", "en").get(reverse("registry:worker_create")).text
    assert '<option value="street_vendor">Street vendors</option>' in page
    assert "Pedagang kaki lima" not in page


def test_a_merge_without_a_chosen_survivor_says_so_and_merges_nothing(world: World) -> None:
    birth = dt.date(1990, 8, 17)
    for nik in ("1271011708900071", "1271021708900072"):
        worker_register(region=world.medan, nik=nik, name="Ahmad Yani", birth_date=birth, sex="M",
                        today=dt.date(2025, 11, 1))  # fmt: skip
    candidate = DuplicateCandidate.objects.get()
    url = reverse("registry:duplicate_detail", args=[candidate.pk])
    page = _client(world, "coordinator").post(url, {"decision": "merge", "reason": "Satu orang, dua NIK"})
    assert page.status_code == 200 and 'data-testid="survivor-error"' in page.text
    assert "Pilih data yang dipertahankan (A atau B)." in page.text
    assert not MergeJournal.objects.exists()


@pytest.mark.parametrize(
    ("language", "line"),
    [("id", "17.787 baris iuran · bagian tersimpan: 1"), ("en", "17,787 contribution lines · parts saved: 1")],
)
def test_the_billing_run_progress_counts_its_chunks_without_a_wrong_plural(language: str, line: str) -> None:
    run = SimpleNamespace(
        pk=1, status="running", is_finished=True, percent=50, rows_done=17_787, chunks_done=1, skipped_rows=0,
        get_status_display=lambda: "", get_phase_display=lambda: "",
    )  # fmt: skip
    with translation.override(language):
        assert line in render_to_string("billing/_run_progress.html", {"run": run})


def test_a_change_history_shows_the_local_moment() -> None:
    entry = SimpleNamespace(created_at=LATE_EVENING_UTC, actor_label="koordinator", action="update", reason="")
    with translation.override("id"):
        html = render_to_string("registry/_history.html", {"history": [entry]})
    assert "25 November 2026 03:41" in html and "2026-11-24" not in html
