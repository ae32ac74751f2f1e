"""The monthly report as a job the reports page follows: queued, each step while it runs, done with the download,
or failed with what to do — the job machinery of the uploads (``lindung.core.jobs``), polled like them.

Found on the demo: "Buat laporan" answered "muat ulang halaman ini sebentar lagi" and the page showed nothing
until the report appeared, or forever when it failed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindung.core.jobs import jobs_recover
from lindung.coverage import report as report_module
from lindung.coverage.models import CoverageReport, CoverageReportJob
from lindung.coverage.report_jobs import report_job_create, report_job_run
from tests.coverage.factories import City
from tests.coverage.test_views import body, client_for

pytestmark = pytest.mark.django_db
JANUARY = dt.date(2026, 1, 1)
REPORTS = reverse("coverage_reports")


def _progress(job: CoverageReportJob) -> str:
    return reverse("coverage_report_job_progress", args=[job.pk])


def _seen(job: CoverageReportJob) -> tuple[str, str, int]:
    """The job as the page reads it from the database: status, step, percent."""
    row = CoverageReportJob.objects.get(pk=job.pk)
    return row.status, row.phase, row.percent


def test_each_step_is_recorded_as_the_job_advances_and_the_page_shows_it(
    refreshed: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = report_job_create(region=refreshed.world.medan, period=JANUARY, user=refreshed.world.users["coordinator"])
    coordinator = client_for(refreshed.world, "coordinator")
    seen: list[tuple[str, str, int]] = []
    pages: dict[str, str] = {}

    def pdf(data: Any) -> bytes:
        seen.append(_seen(job))
        pages["pdf"] = body(coordinator.get(_progress(job)))
        return b"%PDF-1.7 test"

    def xlsx(data: Any) -> bytes:
        seen.append(_seen(job))
        return b"PK test"

    monkeypatch.setattr(report_module, "report_monthly_pdf", pdf)
    monkeypatch.setattr(report_module, "report_monthly_xlsx", xlsx)
    queued = body(coordinator.get(REPORTS))
    assert 'data-status="queued"' in queued and "Menunggu pekerja latar belakang" in queued
    assert f'hx-get="{_progress(job)}"' in queued, "a waiting job is polled"

    report_job_run(job, generated_by="koordinator")

    assert seen == [("running", "pdf", 40), ("running", "xlsx", 60)]
    assert "menyusun PDF" in pages["pdf"] and "40%" in pages["pdf"] and 'hx-trigger="every 1s"' in pages["pdf"]
    job.refresh_from_db()
    report = CoverageReport.objects.get(region=refreshed.world.medan, period=JANUARY)
    assert (job.status, job.percent, job.report) == ("done", 100, report)
    finished = coordinator.get(_progress(job))
    page = body(finished)
    assert finished["HX-Refresh"] == "true" and "hx-get" not in page, "a finished job stops polling"
    assert reverse("coverage_report_download", args=[report.pk, "pdf"]) in page and "Selesai" in page


def test_a_month_without_figures_fails_with_what_to_do(refreshed: City) -> None:
    job = report_job_create(region=refreshed.world.medan, period=dt.date(2020, 1, 1))
    report_job_run(job, generated_by="koordinator")
    assert _seen(job)[:2] == ("failed", "") and job.problems == [{"code": "no_data", "params": {"period": "2020-01"}}]
    page = body(client_for(refreshed.world, "coordinator").get(REPORTS))
    assert 'data-testid="report-job-error"' in page and "Belum ada angka cakupan untuk periode 2020-01" in page
    assert not CoverageReport.objects.exists()


def test_a_system_error_fails_the_job_and_keeps_no_report(refreshed: City, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: Any) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(report_module, "report_monthly_xlsx", broken)
    job = report_job_create(region=refreshed.world.medan, period=JANUARY)
    report_job_run(job, generated_by="koordinator")
    assert _seen(job)[0] == "failed" and not CoverageReport.objects.exists()
    client = client_for(refreshed.world, "coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "could not be made because of a system error" in body(client.get(_progress(job)))


def test_a_job_whose_worker_died_is_shown_failed_not_running_forever(refreshed: City) -> None:
    job = report_job_create(region=refreshed.world.medan, period=JANUARY)
    assert job.claim()
    job.progress("pdf", 2, 5)
    CoverageReportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    page = body(client_for(refreshed.world, "coordinator").get(REPORTS))
    assert "Pembuatan laporan terhenti" in page and "Buat laporan lagi" in page
    assert _seen(job)[0] == "failed"
    assert jobs_recover()["coverage.CoverageReportJob"] == 0, "already recovered by the page"


@pytest.mark.django_db(transaction=True)  # the real task worker commits and closes its connection (PostgreSQL)
def test_asking_twice_queues_one_job_and_the_worker_finishes_it(refreshed: City) -> None:
    coordinator = client_for(refreshed.world, "coordinator")
    first = coordinator.post(reverse("coverage_report_generate"), {"period": "2026-01"}, follow=True)
    assert "kemajuannya tampil di bawah" in body(first)
    again = coordinator.post(reverse("coverage_report_generate"), {"period": "2026-01"}, follow=True)
    assert "sudah sedang dibuat" in body(again) and CoverageReportJob.objects.count() == 1
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    job = CoverageReportJob.objects.get()
    assert job.status == "done" and job.report is not None and job.report.pdf.read().startswith(b"%PDF")
    assert reverse("coverage_report_download", args=[job.report.pk, "pdf"]) in body(coordinator.get(REPORTS))


def test_the_scheduled_report_opens_its_own_job(refreshed: City, monkeypatch: pytest.MonkeyPatch) -> None:
    from lindung.coverage.tasks import report_monthly_task

    monkeypatch.setattr(report_module, "report_monthly_pdf", lambda data: b"%PDF-1.7 test")
    report_monthly_task.call(refreshed.world.medan.pk, "2026-01")
    job = CoverageReportJob.objects.get()
    assert (job.status, job.uploaded_by, job.report.generated_by) == ("done", None, "jadwal bulanan")


@pytest.mark.parametrize("role", ["agency_officer", "employer"])
def test_other_roles_do_not_see_the_jobs(refreshed: City, role: str) -> None:
    job = report_job_create(region=refreshed.world.medan, period=JANUARY)
    assert client_for(refreshed.world, role).get(_progress(job)).status_code == 404


def test_a_job_of_another_region_is_not_found(refreshed: City) -> None:
    job = report_job_create(region=refreshed.world.other, period=JANUARY)
    client: Client = client_for(refreshed.world, "coordinator")
    assert client.get(_progress(job)).status_code == 404
    assert "report-job" not in body(client.get(REPORTS))
