"""The monthly report as a background job the reports page follows: queued, each step while it runs, then done
with its download, or failed with what to do.

The same job machinery as the bank statement and decile uploads (``lindung.core.jobs.UploadJob``): the task
claims the job once, stores its step with a heartbeat as it goes (the page polls it), and records it done in the
transaction that stores the report, so a job is never "done" without its files. A worker that dies leaves a
job that ``jobs_recover`` (and the page itself, ``jobs_shown``) fails as stalled.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.jobs import STALL_MINUTES, JobLost, JobStatus, job_lost
from lindung.core.models import Region
from lindung.coverage import dimensions as d
from lindung.coverage.models import CoverageReportJob, CoverageSnapshot

log = logging.getLogger(__name__)
#: The steps of a report, in order: the bar moves one step at a time (the refresh is skipped when fresh).
STEPS = ("refreshing", "reading", "pdf", "xlsx", "saving")


def report_job_create(*, region: Region, period: dt.date, user: Any = None) -> CoverageReportJob:
    """A queued job for the report of ``period`` (``user`` None: the monthly schedule)."""
    return CoverageReportJob.objects.create(
        region=region,
        period=period,
        uploaded_by=user if getattr(user, "pk", None) else None,
        file_name=f"laporan-cakupan-{region.code}-{period:%Y-%m}",
        total_steps=len(STEPS),
    )


def report_job_run(job: CoverageReportJob, *, generated_by: str) -> CoverageReportJob:
    """Make the job's report: every step recorded as it starts; done with the report, or failed with why."""
    from lindung.coverage.refresh import coverage_refresh
    from lindung.coverage.report import report_monthly_generate

    if not job.claim():
        return job
    try:
        _step(job, "refreshing")
        latest = CoverageSnapshot.objects.filter(region=job.region).order_by("-as_of").first()
        if latest is None or latest.as_of < min(timezone.localdate(), d.month_end(job.period)):
            coverage_refresh(region=job.region)
        report_monthly_generate(
            region=job.region,
            period=job.period,
            generated_by=generated_by,
            progress=lambda step: _step(job, step),
            finish=lambda report: _done(job, report),
        )
    except JobLost:
        job_lost(job)
    except ValidationError as refused:  # no figures for the period: the user picks another month
        _failed(job, {"code": "no_data", "params": {"period": f"{job.period:%Y-%m}"}})
        log.info("coverage report job %s refused: %s", job.pk, refused.messages[0][:120])
    except Exception:
        log.exception("coverage report job %s failed; no report was stored", job.pk)
        _failed(job, {"code": "internal"})
    return job


def _step(job: CoverageReportJob, step: str) -> None:
    job.progress(step, STEPS.index(step), len(STEPS))


def _done(job: CoverageReportJob, report: Any) -> None:
    job.report = report
    job.done()


def _failed(job: CoverageReportJob, problem: dict[str, Any]) -> None:
    job.status, job.problems, job.problem_count = JobStatus.FAILED, [problem], 1
    job.phase, job.finished_at = "", timezone.now()
    try:
        job.save_if(JobStatus.RUNNING)
    except JobLost:
        job_lost(job)


def report_job_step(job: CoverageReportJob) -> str:
    """What a running job is doing, in the reader's language."""
    return {
        "refreshing": _("memperbarui angka cakupan"),
        "reading": _("membaca angka dan daftar"),
        "pdf": _("menyusun PDF"),
        "xlsx": _("menyusun lampiran XLSX"),
        "saving": _("menyimpan laporan"),
    }.get(job.phase, "")


def report_job_message(job: CoverageReportJob) -> str:
    """Why a failed job made no report, and what to do, in the reader's language."""
    if job.status != JobStatus.FAILED:
        return ""
    problem: dict[str, Any] = job.problems[0] if job.problems else {"code": "internal"}
    params: dict[str, Any] = problem.get("params", {})
    if problem.get("code") == "no_data":
        return _(
            "Belum ada angka cakupan untuk periode %(period)s. Pilih bulan yang sudah berjalan, atau hitung ulang "
            "cakupan lalu buat laporan lagi."
        ) % {"period": params.get("period", "")}
    if problem.get("code") == "stalled":
        return _(
            "Pembuatan laporan terhenti: pekerja latar belakang tidak memberi kabar selama %(minutes)s menit. "
            "Tidak ada yang disimpan. Buat laporan lagi."
        ) % {"minutes": params.get("minutes", STALL_MINUTES)}
    return _("Laporan gagal dibuat karena kesalahan sistem. Buat laporan lagi; jika berulang, hubungi admin.")
