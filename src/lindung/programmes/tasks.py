"""Background tasks of the programme (django-tasks; run by ``lindung db_worker``).

``late_step_reminders_task`` runs daily: ``late_steps_schedule()`` keeps it in the queue (each run queues the
next morning's), the way coverage keeps its nightly refresh.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.core.tasks import enqueue_once, jobs_recover_schedule
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
        jobs_recover_schedule()  # the daily path keeps the recovery of dead jobs queued
        enqueue_once(late_step_reminders_task, [True], _morning(timezone.localdate() + dt.timedelta(days=1)))
    return created


def _morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(REMINDER_HOUR), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def late_steps_schedule() -> bool:
    """Keep the daily late-step reminders (and the recovery of dead jobs) in the queue; True when one was queued."""
    jobs_recover_schedule()
    return enqueue_once(late_step_reminders_task, [True], _morning(timezone.localdate() + dt.timedelta(days=1)))
