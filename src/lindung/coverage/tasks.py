"""Background work of coverage (django-tasks; run by ``lindung db_worker``): refreshes and the monthly report.

Hook for other apps — call after an import or a billing run has committed::

    from lindung.coverage.tasks import coverage_refresh_later
    coverage_refresh_later(region_id)

It is safe anywhere: it queues nothing until the caller's transaction commits (nothing for a rolled-back
import), never raises into the caller (a queue that cannot be reached is logged, the nightly refresh catches
up), and debounces: the refresh waits ``REFRESH_DEBOUNCE`` before it starts, and every call while one is
waiting joins it, so several imports or billing runs in a minute give one refresh. A call made while a refresh
is already running queues the next one (the running one may have read before the caller's data committed).
The schedule (``coverage_schedule``) keeps a nightly refresh and the monthly report in the queue: each run
queues the next.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lindung.core.audit import audit_context
from lindung.core.db import planner_statistics_refresh
from lindung.core.models import Region
from lindung.coverage import dimensions as d

logger = logging.getLogger(__name__)
REFRESH_HOUR = 2  # nightly, before offices open
#: How long a refresh queued by the hook waits for more imports or runs to join it.
REFRESH_DEBOUNCE = dt.timedelta(seconds=60)
REPORT_DAY_HOUR = 6  # on the 1st, after the night's refresh


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _queued(task_obj: Any, args: list[Any]) -> bool:
    """Whether the same task with the same arguments is already waiting (database backend only)."""
    if "django_tasks_db" not in settings.TASKS[task_obj.backend]["BACKEND"]:
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task_obj.module_path)
    return any(row.get("args") == args for row in waiting.values_list("args_kwargs", flat=True))


@task()
def coverage_refresh_task(region_id: int, reschedule: bool = False) -> dict[str, Any]:
    from lindung.coverage.refresh import coverage_refresh

    region = Region.objects.get(pk=region_id)
    if reschedule:  # the nightly run: the day's imports and billing runs changed table sizes
        planner_statistics_refresh()
    with audit_context(label="coverage-refresh"):
        result = coverage_refresh(region=region)
    if reschedule:
        _enqueue_once(
            coverage_refresh_task, [region_id, True], _local(timezone.localdate() + dt.timedelta(days=1), REFRESH_HOUR)
        )
    return {"region": result.region, "snapshots": result.snapshots, "figures": result.figures}


def coverage_refresh_later(region: Region | int) -> None:
    """Queue one refresh of the region once the current transaction commits (the hook for imports and billing)."""
    region_id = region.pk if isinstance(region, Region) else int(region)
    transaction.on_commit(lambda: _debounced_refresh(region_id))


def _debounced_refresh(region_id: int) -> None:
    try:
        backend = coverage_refresh_task.get_backend()
        run_after = timezone.now() + REFRESH_DEBOUNCE if backend.supports_defer else None
        _enqueue_once(coverage_refresh_task, [region_id, False], run_after)
    except Exception:  # the caller's data is committed: never fail it over a refresh the night will redo
        logger.exception("coverage: refresh of region %s could not be queued", region_id)


@task()
def report_monthly_task(
    region_id: int, period: str = "", reschedule: bool = False, requested_by: str = "", job_id: int | None = None
) -> str:
    """Generate the mayor's report of ``period`` (YYYY-MM; default: last month), refreshing stale figures first.

    ``requested_by`` is the user who asked for it on the reports page, and ``job_id`` the job that page follows;
    both empty for the monthly schedule, whose run opens its own job so the page shows it too. A report that
    fails is recorded on its job (the page says why); the schedule queues the next month's either way.
    """
    from lindung.coverage.models import SCHEDULE, CoverageReportJob
    from lindung.coverage.report import period_of
    from lindung.coverage.report_jobs import report_job_create, report_job_run

    region = Region.objects.get(pk=region_id)
    today = timezone.localdate()
    month = period_of(period) if period else (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    job = CoverageReportJob.objects.filter(pk=job_id, region=region).first() if job_id else None
    if job is None:
        job = report_job_create(region=region, period=month)
    with audit_context(label="coverage-report"):
        report_job_run(job, generated_by=requested_by or SCHEDULE)
    if reschedule:
        first_next = d.month_end(today) + dt.timedelta(days=1)
        _enqueue_once(report_monthly_task, [region_id, "", True], _local(first_next, REPORT_DAY_HOUR))
    return f"{region.code} {month:%Y-%m} {job.status}"


def report_monthly_later(region: Region, period: dt.date, *, user: Any = None) -> bool:
    """Queue the report of ``period`` for the task worker now, with the job its page follows (once: False when
    the same report is already waiting)."""
    from lindung.core.jobs import JobStatus
    from lindung.coverage.models import CoverageReportJob
    from lindung.coverage.report_jobs import report_job_create

    pending = [JobStatus.QUEUED, JobStatus.RUNNING]
    waiting = CoverageReportJob.objects.filter(region=region, period=period, status__in=pending)
    if waiting.exists():
        return False
    requested_by = user.get_username() if user is not None else ""
    # One transaction: a task that could not be queued leaves no job waiting for ever (nor refusing the next ask).
    with transaction.atomic():
        job = report_job_create(region=region, period=period, user=user)
        report_monthly_task.enqueue(region.pk, f"{period:%Y-%m}", False, requested_by, job.pk)
    return True


def _enqueue_once(task_obj: Any, args: list[Any], run_after: dt.datetime | None) -> bool:
    if _queued(task_obj, args):
        return False
    (task_obj.using(run_after=run_after) if run_after else task_obj).enqueue(*args)
    return True


def coverage_schedule(region: Region) -> list[str]:
    """Keep the nightly refresh and the monthly report of ``region`` in the queue (idempotent)."""
    today = timezone.localdate()
    queued = []
    if _enqueue_once(coverage_refresh_task, [region.pk, True], _local(today + dt.timedelta(days=1), REFRESH_HOUR)):
        queued.append("refresh")
    first_next = d.month_end(today) + dt.timedelta(days=1)
    if _enqueue_once(report_monthly_task, [region.pk, "", True], _local(first_next, REPORT_DAY_HOUR)):
        queued.append("report")
    return queued
