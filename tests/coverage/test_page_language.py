"""An English coverage page writes English numbers and months; the monthly report list names who made each one.

Found in a walk through the demo: the English dashboard read "actual 2,03%" and "472.068", the report list
"Oktober 2026 … jadwal bulanan", and a report made at 03:41 WIB showed the day before (its UTC date).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from lindung.coverage.charts import bar_chart, share_chart
from lindung.coverage.models import SCHEDULE, CoverageReport, CoverageReportJob
from lindung.coverage.selectors.figures import FigureRow
from lindung.coverage.templatetags.coverage_format import angka, bulan, persen
from tests.coverage.factories import City
from tests.coverage.test_views import body, client_for

pytestmark = pytest.mark.django_db


def _visible(page: str) -> str:
    """The page without its scripts (the charts' JSON writes numbers for the machine)."""
    return re.sub(r"<script.*?</script>", "", page, flags=re.S)


@pytest.mark.parametrize(
    ("language", "count", "rate", "month"),
    [("id", "875.743", "65,31%", "Oktober 2026"), ("en", "875,743", "65.31%", "October 2026")],
)
def test_the_coverage_filters_write_the_readers_numbers(language: str, count: str, rate: str, month: str) -> None:
    with translation.override(language):
        assert (angka(875_743), persen(65.3125), bulan(dt.date(2026, 10, 1))) == (count, rate, month)
        assert angka("") == "0" and persen(None) == "–"


@pytest.mark.parametrize(("language", "separators", "label"), [("id", ",.", "12,5%"), ("en", ".,", "12.5%")])
def test_the_charts_use_the_readers_decimal_mark(language: str, separators: str, label: str) -> None:
    row = FigureRow("sector", "x", "Transport", {"participants": 1}, workforce=8)
    with translation.override(language):
        assert share_chart([("PU", 3)])["layout"]["separators"] == separators
        assert bar_chart([row], measure="participants", rates=True)["data"][0]["text"] == [label]
        # A tick of 1000 reads "1.000" (or "1,000") as in the tables: plotly groups 4-digit ticks only when told.
        layout = bar_chart([row], measure="participants", rates=False)["layout"]
        assert layout["xaxis"]["separatethousands"] and layout["yaxis"]["separatethousands"]
        assert layout["yaxis"]["autorange"] == "reversed"  # the chart's own axis settings kept


def test_the_english_dashboard_has_no_indonesian_decimal_comma(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _visible(body(client.get(reverse("coverage_dashboard"))))
    assert "%" in english and not re.search(r"\d,\d{1,2}%", english)


@pytest.mark.parametrize(("language", "scheduled"), [("id", "jadwal bulanan"), ("en", "monthly schedule")])
def test_the_report_list_names_its_maker_at_the_local_time(refreshed: City, language: str, scheduled: str) -> None:
    # 20:41 UTC on 24 November is 03:41 WIB on the 25th.
    made = dt.datetime(2026, 11, 24, 20, 41, tzinfo=dt.UTC)
    for period, by in ((dt.date(2026, 1, 1), SCHEDULE), (dt.date(2025, 12, 1), "koordinator")):
        CoverageReport.objects.create(
            region=refreshed.world.medan, period=period, as_of=period, pdf="a.pdf", xlsx="a.xlsx",
            generated_at=made, generated_by=by,
        )  # fmt: skip
    client = client_for(refreshed.world, "coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = body(client.get(reverse("coverage_reports")))
    day = "25 November 2026 03:41"
    assert f"{day} · {scheduled}" in page and f"{day} · koordinator" in page
    assert ("Januari 2026" if language == "id" else "January 2026") in page


def test_a_report_asked_for_on_the_page_is_made_in_the_askers_name(refreshed: City) -> None:
    client_for(refreshed.world, "coordinator").post(reverse("coverage_report_generate"), {"period": "2026-01"})
    queued = DBTaskResult.objects.get(task_path__endswith="report_monthly_task")
    job = CoverageReportJob.objects.get()
    assert queued.args_kwargs["args"][1:] == ["2026-01", False, "koordinator", job.pk]
    assert job.uploaded_by == refreshed.world.users["coordinator"]
