"""Background tasks of the core (django-tasks; run by ``lindung db_worker``): the recovery of dead jobs.

``jobs_recover_task`` keeps itself in the queue every ``RECOVER_EVERY`` once ``jobs_recover_schedule()`` has
queued it; the programme's daily run calls that schedule too, so a recovery dropped from the queue comes back
by the next morning. ``enqueue_once`` is the queue-once helper of every periodic task.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lindung.core.jobs import jobs_recover

#: Between two recoveries: a dead job shows failed at most this long after its stall limit.
RECOVER_EVERY = dt.timedelta(minutes=10)


def enqueue_once(task_obj: Any, args: list[Any], run_after: dt.datetime) -> bool:
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


@task()
def jobs_recover_task(reschedule: bool = False) -> dict[str, int]:
    """Fail the jobs whose worker died (``jobs_recover``), then queue the next recovery."""
    recovered = jobs_recover()
    if reschedule:
        jobs_recover_schedule()
    return recovered


def jobs_recover_schedule() -> bool:
    """Keep the recovery of dead jobs in the queue (idempotent); True when one was queued."""
    return enqueue_once(jobs_recover_task, [True], timezone.now() + RECOVER_EVERY)
