"""Background tasks of the programme (django-tasks; run by ``lindung db_worker``).

``late_step_reminders_task`` runs daily: ``late_steps_schedule()`` keeps it in the queue (each run queues the
next morning's), the way coverage keeps its nightly refresh.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.programmes.models import DecileUploadJob
from lindung.programmes.services import replacements_sync
from lindung.programmes.services.deciles import decile_upload_run
from lindung.programmes.services.reminders import late_step_reminders

REMINDER_HOUR = 7  # before offices open


@task()
def replacements_sync_task(region_id: int) -> int:
    """Offer freed slots to the waiting list. Enqueue after ending a city-programme membership (the registry's
    hook: ``replacements_sync_task.enqueue(region_id)``), or nightly."""
    with audit_context(label="programme-replacements"):
        return replacements_sync(region=Region.objects.get(pk=region_id), today=timezone.localdate())


@task()
def decile_upload_task(job_id: int) -> str:
    """Read, check and apply an uploaded decile file (all rows or none); the upload page shows the progress."""
    job = DecileUploadJob.objects.select_related("region", "uploaded_by").get(pk=job_id)
    return str(decile_upload_run(job=job).status)


@task()
def late_step_reminders_task(reschedule: bool = False) -> int:
    """Notify the users who must take a step past its time limit (once per proposal, step and user)."""
    with audit_context(label="programme-late-steps"):
        created = late_step_reminders(today=timezone.localdate())
    if reschedule:
        _enqueue_once(late_step_reminders_task, [True], _morning(timezone.localdate() + dt.timedelta(days=1)))
    return created


def _morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(REMINDER_HOUR), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _enqueue_once(task_obj: Any, args: list[Any], run_after: dt.datetime) -> bool:
    """Queue unless the same task with the same arguments is already waiting (database backend)."""
    if "django_tasks_db" in settings.TASKS[task_obj.backend]["BACKEND"]:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task_obj.module_path)
        if any(row.get("args") == args for row in waiting.values_list("args_kwargs", flat=True)):
            return False
    if not task_obj.get_backend().supports_defer:  # an immediate backend would run it now, and again, forever
        return False
    task_obj.using(run_after=run_after).enqueue(*args)
    return True


def late_steps_schedule() -> bool:
    """Keep the daily late-step reminders in the queue (idempotent); True when one was queued."""
    return _enqueue_once(late_step_reminders_task, [True], _morning(timezone.localdate() + dt.timedelta(days=1)))
