"""Writes of billing runs: check the period, start (or find) the run of a month, execute it, enqueue it.

A run has one owner at a time, named by its ``task_id``: a start between its claim and the queue
(``queuing:<time>``), the queued task (its id), or the command line (``cli:<pid>@<host>:<time>``). Taking a
run is a compare and set on that field, whoever takes it: a start of the page or the API
(``billing_run_enqueue``), the task when the worker picks it up (``billing_run_task_claim``), the command line
(``billing_run_take``). Whoever runs it beats as its owner after every chunk; an owner that finds the run taken
over (its heartbeat had stopped for ``stall_limit()``) stops there (``JobLost``), and the new owner resumes
from the last committed chunk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import socket
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.run import runner
from lindung.billing.run.lines import refset_for
from lindung.billing.services.payments import PAYMENT_ROLES
from lindung.core.audit import audit_record
from lindung.core.jobs import JobLost, stall_limit
from lindung.core.models import Region
from lindung.core.scoping import scope_for

DEFAULT_CHUNK = 100_000
#: ``task_id`` of a run between its claim and the queue's answer: ``queuing:<claim time, ISO 8601>``.
QUEUING = "queuing"
#: ``task_id`` of a run the command line took: ``cli:<pid>@<host digest>:<time taken, ISO 8601>``; alive while
#: it beats, dead at once when that process is gone from this host (killed: run the command again to resume).
COMMAND_LINE = "cli"
#: A claim older than this comes from a start that died before the queue answered: the queue write is one
#: INSERT, which waits at most SQLite's busy timeout (20 s, config/settings.py) for the write lock.
CLAIM_LIMIT = dt.timedelta(minutes=2)
#: States of a queued task that will still run the run.
_ALIVE = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def period_parse(text: str) -> dt.date:
    """``2026-01`` → 1 Jan 2026, or a clear message saying what to write."""
    found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if found is None or int(found.group(1)) < dt.MINYEAR or not 1 <= int(found.group(2)) <= 12:  # no year 0
        raise ValidationError(_("Tulis periode sebagai TTTT-BB, misalnya 2026-01."))
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def period_check(period: dt.date, today: dt.date) -> None:
    """A month can be billed from July 2015 (PP 44-46/2015) up to the current month, not in the future."""
    if period < rules.FIRST_PERIOD:
        raise ValidationError(
            _("Periode %(p)s sebelum Juli 2015: program BPJS Ketenagakerjaan dalam bentuk ini berlaku sejak bulan itu.")
            % {"p": month_name(period)}
        )
    if period > today.replace(day=1):
        raise ValidationError(
            _("Periode %(p)s belum dimulai: tagihan dapat dibuat paling lambat untuk bulan berjalan (%(now)s).")
            % {"p": month_name(period), "now": month_name(today)}
        )


def month_name(period: dt.date) -> str:
    """A month in a message as the reader names it: ``Januari 2026`` (``January 2026`` in English); the form
    field and the command line still take ``2026-01``."""
    return formats.date_format(period, "F Y")


def require_billing_role(user: Any) -> None:
    scope = scope_for(user)
    if scope is None or scope.role not in PAYMENT_ROLES:
        raise ValidationError(_("Hanya petugas BPJS Ketenagakerjaan yang dapat menjalankan penagihan."))


def billing_run_start(
    *, region: Region, period: dt.date, user: Any = None, chunk_size: int = DEFAULT_CHUNK, today: dt.date | None = None
) -> BillingRun:
    """The run of (region, month): the existing one if any (a second start creates nothing), else a new one."""
    if user is not None:
        require_billing_role(user)
    period = period.replace(day=1)
    period_check(period, today or timezone.localdate())
    if chunk_size < 1:
        raise ValidationError(_("Ukuran potongan harus paling sedikit 1 baris."))
    existing = BillingRun.objects.filter(region=region, period=period).first()
    if existing is not None:
        return existing
    refset = refset_for(rules.RULES_VERSION, period)
    try:
        with transaction.atomic():
            run = BillingRun.objects.create(
                region=region,
                period=period,
                refset=refset,
                chunk_size=chunk_size,
                rules_version=rules.RULES_VERSION,
                created_by=user,
            )
            audit_record(
                action="billing_run_start",
                object_type="billing.BillingRun",
                object_id=str(run.pk),
                after={"region": region.code, "period": f"{period:%Y-%m}"},
            )
    except IntegrityError:  # started at the same moment by someone else
        return BillingRun.objects.get(region=region, period=period)
    return run


def billing_run_beat(run: BillingRun, *, owner: str | None = None) -> None:
    """The run's heartbeat, after each committed chunk: a run silent for ``stall_limit()`` may be taken over.

    Only its owner (``owner``, by default the ``task_id`` read on ``run``) beats; an owner whose run was taken
    over meanwhile stops with ``JobLost`` (the chunks it committed stay: the new owner resumes after them).
    """
    holder = run.task_id if owner is None else owner
    if not BillingRun.objects.filter(pk=run.pk, task_id=holder).update(heartbeat_at=timezone.now()):
        raise JobLost(f"billing run {run.pk}")


def billing_run_execute(
    *,
    run: BillingRun,
    progress: runner.Progress | None = None,
    stats: runner.RunStats | None = None,
    owner: str | None = None,
) -> BillingRun:
    """Run or resume ``run`` in this process (the CLI, the task worker), beating after each chunk as its owner.

    Whoever runs it, a run whose process died shows a stale heartbeat, so a later start resumes it; the
    process, if only slow, then stops at its next beat (``JobLost``).
    """
    holder = run.task_id if owner is None else owner

    def beat(current: BillingRun) -> None:
        billing_run_beat(current, owner=holder)
        if progress is not None:
            progress(current)

    return runner.execute(run, progress=beat, stats=stats)


class RunAlreadyQueued(ValidationError):
    """The run is already waiting for the task worker or running: a second start queues nothing."""

    def __init__(self, run: BillingRun) -> None:
        self.run = run
        message = _(
            "Penagihan periode %(p)s sudah dalam antrean atau sedang berjalan; tidak ada yang dijalankan dua kali."
        )
        super().__init__(message % {"p": month_name(run.period)})


def _database_queue() -> bool:
    from lindung.billing.tasks import billing_run_task

    return "django_tasks_db" in settings.TASKS[billing_run_task.backend]["BACKEND"]


def _task_waiting(task_id: str) -> bool:
    """Whether the queued task still waits or runs; a task the queue has finished or lost will not run the run."""
    if not _database_queue():
        return True
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(pk=task_id, status__in=_ALIVE).exists()


def _claim(now: dt.datetime) -> str:
    return f"{QUEUING}:{now.isoformat()}"


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _command_line_claim(now: dt.datetime) -> str:
    return f"{COMMAND_LINE}:{os.getpid()}@{_host()}:{now.isoformat()}"


def _command_line_gone(task_id: str) -> bool:
    """Whether ``task_id`` names a command line of this host whose process has ended (killed, crashed)."""
    found = re.fullmatch(rf"{COMMAND_LINE}:(\d+)@([0-9a-f]{{8}}):.*", task_id)
    if found is None or found.group(2) != _host():
        return False
    try:
        os.kill(int(found.group(1)), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, run by another user
        pass
    return False


def _claim_fresh(task_id: str, now: dt.datetime) -> bool:
    """Whether ``task_id`` is a claim younger than ``CLAIM_LIMIT`` (a start is between its claim and the queue)."""
    stamp = task_id.partition(":")[2]
    try:
        claimed = dt.datetime.fromisoformat(stamp)
    except ValueError:  # the bare claim of an older release: its age is unknown, so it is old
        return False
    return claimed.tzinfo is not None and claimed > now - CLAIM_LIMIT


def _adopt_queued_task(run: BillingRun) -> BillingRun:
    """A stale claim whose queue write did commit (the start died before noting the task): note it now."""
    if not _database_queue():
        return run
    from django_tasks_db.models import DBTaskResult

    from lindung.billing.tasks import billing_run_task

    waiting = DBTaskResult.objects.filter(task_path=billing_run_task.module_path, status__in=_ALIVE)
    for task_id, arguments in waiting.order_by("enqueued_at").values_list("pk", "args_kwargs"):
        if ((arguments or {}).get("args") or [None])[0] == run.pk:
            BillingRun.objects.filter(pk=run.pk, task_id=run.task_id).update(task_id=str(task_id))
            run.refresh_from_db()
            break
    return run


def _startable(run: BillingRun, now: dt.datetime) -> bool:
    """Failed, never queued, its claim stale, its task gone, or its owner silent for too long."""
    if run.status == RunStatus.FAILED or (run.status == RunStatus.PENDING and not run.task_id):
        return True
    if run.status == RunStatus.PENDING and run.task_id.startswith(QUEUING):
        return not _claim_fresh(run.task_id, now)
    if run.status == RunStatus.PENDING and not run.task_id.startswith(COMMAND_LINE):
        return not _task_waiting(run.task_id)
    if _command_line_gone(run.task_id):
        return True
    # Running (or taken by the command line, which beats from the moment it takes it). No heartbeat at all:
    # begun this instant, or by an older release's command line, which kept none: not dead. The worker and
    # the command line beat after every chunk.
    beat = run.heartbeat_at
    return beat is not None and beat < now - stall_limit()


def _current(run: BillingRun) -> tuple[BillingRun, dt.datetime]:
    """The run as it stands now, and now; a run whose start died after queuing its task (a stale claim) adopts
    that task as its owner first, so taking the run over compares against the task, not the dead claim."""
    run.refresh_from_db()
    now = timezone.now()
    if run.status == RunStatus.PENDING and run.task_id.startswith(QUEUING) and not _claim_fresh(run.task_id, now):
        run = _adopt_queued_task(run)
    return run, now


def _take(run: BillingRun, token: str, **changes: object) -> None:
    """Compare and set: make ``token`` the run's owner if nobody else took it since ``run`` was read."""
    if not _startable(run, timezone.now()):
        raise RunAlreadyQueued(run)
    same = BillingRun.objects.filter(pk=run.pk, status=run.status, task_id=run.task_id, heartbeat_at=run.heartbeat_at)
    if not same.update(status=RunStatus.PENDING, task_id=token, error="", **changes):
        run.refresh_from_db()
        raise RunAlreadyQueued(run)


def billing_run_enqueue(*, run: BillingRun) -> BillingRun:
    """Hand the run to the task queue (``lindung db_worker``), unless it is done, or queued or running already.

    Compare and set: of two starts sent together (a double click, two officers) only one queues the task; the
    other gets ``RunAlreadyQueued``. A run whose worker died (no heartbeat for ``stall_limit()``) resumes, and so
    does a run whose start died between its claim and the queue (a claim older than ``CLAIM_LIMIT`` with no task
    in the queue; one with its task there keeps that task). The task carries the claim: it runs the run only if
    that claim (or its own id, once noted) still owns it (``billing_run_task_claim``).
    """
    from lindung.billing.tasks import billing_run_task

    run, now = _current(run)
    if run.status == RunStatus.DONE:
        return run
    claim = _claim(now)
    _take(run, claim)
    try:
        task_id = str(billing_run_task.enqueue(run.pk, claim).id)
    except Exception:  # a queue that cannot be reached leaves the run startable again
        BillingRun.objects.filter(pk=run.pk, task_id=claim).update(task_id="")
        raise
    if not BillingRun.objects.filter(pk=run.pk, task_id=claim).update(task_id=task_id):
        _drop_if_superseded(run, task_id)
    run.refresh_from_db()
    return run


def billing_run_task_claim(*, run_id: int, task_id: str, claim: str = "") -> BillingRun | None:
    """The run for its queued task ``task_id`` to execute, or None: another owner has it, or it is done.

    One conditional UPDATE (atomic on SQLite and PostgreSQL alike: a second one waits for the first, then finds
    the owner changed): the run must still be owned by the claim of the start that queued this task or by the
    task's own id. A task whose start was superseded, or a second task for the run, does nothing, whatever
    the timing.
    """
    owners = [task_id, claim] if claim else [task_id]
    mine = BillingRun.objects.filter(pk=run_id, task_id__in=owners).exclude(status=RunStatus.DONE)
    if not mine.update(task_id=task_id, heartbeat_at=timezone.now()):
        return None
    return BillingRun.objects.get(pk=run_id)


def billing_run_take(*, run: BillingRun) -> BillingRun:
    """Take the run for this process (the command line), unless it is done, queued, or its owner is alive.

    ``RunAlreadyQueued`` while the run waits in the queue or its owner beats (within ``stall_limit()``);
    a run whose owner went silent, whose claim is stale or which failed is taken, and resumed by the caller.
    """
    run, now = _current(run)
    if run.status == RunStatus.DONE:
        return run
    _take(run, _command_line_claim(now), heartbeat_at=now)
    run.refresh_from_db()
    return run


def _drop_if_superseded(run: BillingRun, task_id: str) -> None:
    """This start took longer than ``CLAIM_LIMIT`` and a later one queued the run: withdraw this task unstarted."""
    run.refresh_from_db()
    if run.task_id == task_id or not _database_queue():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.READY).delete()
