"""The mayor's monthly report: narrative, PDF and XLSX, the command, and the schedule in the task queue."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lindung.coverage import report as report_module
from lindung.coverage.models import CoverageReport
from lindung.coverage.report import report_monthly_data, report_monthly_generate
from lindung.coverage.tasks import coverage_refresh_later, coverage_schedule
from tests.coverage.factories import City

pytestmark = pytest.mark.django_db
JANUARY = dt.date(2026, 1, 1)


def test_the_narrative_is_written_from_the_figures(refreshed: City) -> None:
    data = report_monthly_data(region=refreshed.world.medan, period=JANUARY)
    assert data.as_of == dt.date(2026, 1, 31)
    text = " ".join(data.paragraphs)
    assert "Per 31 Januari 2026, sebanyak 6 pekerja di Kota Medan terlindungi" in text
    assert "Sepanjang Januari 2026 tercatat 1 pendaftaran baru" in text
    assert "Jalur target untuk Januari 2026" in text
    assert "Data tagihan belum tersedia" in text
    assert "pemberi kerja terindikasi pendaftaran sebagian" in text


def test_a_period_without_figures_is_refused_with_a_clear_message(refreshed: City) -> None:
    with pytest.raises(Exception, match="Tidak ada data cakupan Kota Medan untuk Januari 2020"):
        report_monthly_data(region=refreshed.world.medan, period=dt.date(2020, 1, 1))


@pytest.mark.slow
def test_the_report_is_a_pdf_with_an_xlsx_annex_and_replaces_its_earlier_version(
    refreshed: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = report_monthly_generate(region=refreshed.world.medan, period=JANUARY, generated_by="uji")
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    annex = zipfile.ZipFile(io.BytesIO(report.xlsx.read()))
    assert "xl/workbook.xml" in annex.namelist()
    monkeypatch.setattr(
        report_module, "report_monthly_pdf", lambda data: b"%PDF-1.7 again"
    )  # one real render is enough
    again = report_monthly_generate(region=refreshed.world.medan, period=JANUARY, generated_by="uji")
    assert CoverageReport.objects.count() == 1 and again.pk == report.pk and again.pdf.read() == b"%PDF-1.7 again"


def test_the_command_refuses_a_bad_period(refreshed: City) -> None:
    with pytest.raises(CommandError, match="tahun-bulan"):
        call_command("report", "monthly", "--period", "januari")
    with pytest.raises(CommandError, match="Tidak ada data"):
        call_command("report", "monthly", "--period", "2019-01")


def test_the_schedule_queues_the_nightly_refresh_and_the_monthly_report_once(refreshed: City, capsys) -> None:
    from django_tasks_db.models import DBTaskResult

    assert coverage_schedule(refreshed.world.medan) == ["refresh", "report"]
    assert coverage_schedule(refreshed.world.medan) == []
    call_command("report", "monthly", "--schedule")
    assert "sudah ada dalam antrean" in capsys.readouterr().out
    queued = DBTaskResult.objects.order_by("task_path")
    assert [r.task_path.rsplit(".", 1)[-1] for r in queued] == ["coverage_refresh_task", "report_monthly_task"]
    assert [timezone.localtime(r.run_after).hour for r in queued] == [2, 6], "02:00 and 06:00 in Medan"


def test_the_refresh_hook_queues_one_refresh_after_commit(refreshed: City, django_capture_on_commit_callbacks) -> None:
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        coverage_refresh_later(refreshed.world.medan.pk)
        coverage_refresh_later(refreshed.world.medan.pk)
    assert DBTaskResult.objects.filter(task_path__endswith="coverage_refresh_task").count() == 1


def test_the_refresh_command(city: City, capsys) -> None:
    call_command("coverage", "refresh", "--region", "12.71", "--as-of", "2026-02-15")
    assert "12.71:" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("coverage", "refresh", "--region", "99.99")


@pytest.mark.django_db(transaction=True)  # the task worker closes its connection when the batch is done
def test_the_demo_step_computes_hands_out_and_queues_the_reports(city: City) -> None:
    import numpy as np
    from django_tasks_db.models import DBTaskResult

    from lindung.coverage import demo
    from lindung.coverage.models import CoverageSnapshot, FollowUp
    from lindung.demo.context import DemoContext

    city.world.agency.is_manpower_office = True
    city.world.agency.save()
    ctx = DemoContext(
        region=city.world.medan,
        seed=1,
        workers=0,
        as_of=dt.date(2026, 2, 15),
        rng=np.random.default_rng(1),
        log=lambda _: None,
    )
    demo.make_coverage(ctx)
    assert CoverageSnapshot.objects.filter(region=city.world.medan).exists()
    assert FollowUp.objects.filter(agency=city.world.agency).count() == 3
    queued = {row.task_path.rsplit(".", 1)[-1]: row.args_kwargs["args"] for row in DBTaskResult.objects.all()}
    assert DBTaskResult.objects.count() == 3, "last month's report, the nightly refresh, the next report"
    reports = DBTaskResult.objects.filter(task_path__endswith="report_monthly_task")
    assert sorted(r.args_kwargs["args"][1] for r in reports) == ["", "2026-01"]
    assert "coverage_refresh_task" in queued
    assert not CoverageReport.objects.exists(), "the worker renders it, not the demo step"
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    report = CoverageReport.objects.get()
    assert report.period == JANUARY and report.pdf.read().startswith(b"%PDF")
