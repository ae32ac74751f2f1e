"""Background jobs that can never get stuck, and the one shape of an upload handed to the task worker.

``BackgroundJob`` is what every job has: its file (kept encrypted under ``VAR_DIR/imports`` while it waits,
``stage_name``), when it was opened and finished, and a heartbeat (``heartbeat_at``) that the process working
on it refreshes with every step of progress. A worker killed mid-job leaves no way to finish it, so a job still
working with no heartbeat for longer than ``stall_limit()`` is dead: ``jobs_recover`` marks it failed with the
reason (code ``stalled``, worded on display), drops its file and lets the user upload again. Nothing of a dead
job was kept: each job writes its data in one transaction, which the database rolled back when the worker died.

A worker that was only slow, not dead, must not contradict that record. Once a job is failed it stays failed:
the late worker stops at its next heartbeat (``JobLost``), and its data transaction ends by recording the
outcome only if the job is still its own (``save_if``): the data and the outcome commit together or not at all.

``UploadJob`` adds what the bank statement and the decile upload share: queued → running → done | failed, a
named phase with done of total, and problems stored as codes (never a cell value), worded in the reader's
language. ``upload_job_run`` is their one run: claim once, read the file, do the work, finish or fail.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connection, models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.core.audit import audit_context

log = logging.getLogger(__name__)
#: Problems kept on a job: a file of 200,000 bad lines keeps its first 200 and the count.
MAX_STORED = 200
#: A job working with no heartbeat for this long is dead. Above the longest silent step of any job (one
#: transaction writing a 1,000,000-row import: about 90 s on SQLite, 512 s under heavy load, docs/benchmarks.md).
STALL_MINUTES = 30
Problem = dict[str, Any]
#: Why a job whose worker died failed, and what to do (the registry words its file problems the same way).
STALLED = (
    gettext_lazy(
        "Pemrosesan terhenti: pekerja latar belakang tidak memberi kabar selama %(minutes)s menit. "
        "Tidak ada yang disimpan."
    ),
    gettext_lazy("Unggah berkas lagi."),
)
J = TypeVar("J", bound="BackgroundJob")
U = TypeVar("U", bound="UploadJob")


def stall_limit() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "LINDUNG_JOB_STALL_MINUTES", STALL_MINUTES)))


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Menunggu giliran")
    RUNNING = "running", gettext_lazy("Sedang diproses")
    DONE = "done", gettext_lazy("Selesai")
    FAILED = "failed", gettext_lazy("Gagal")


class JobLost(BaseException):
    """The job was failed (no heartbeat for too long) while this process still worked on it: stop, keep nothing.

    Not an ``Exception``: it is no failure of the work, and no handler on its way (one that records a failure,
    a runner's ``except Exception``) may take it for one. The job's record already says what happened.
    """


class JobRefused(Exception):
    """The job's file cannot be applied; ``problems`` says why, as codes (line or row numbers, no values)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


class BackgroundJob(models.Model):
    """A file handed to the task worker, with the heartbeat of whoever works on it."""

    #: Each kind of job names its own statuses (choices) in the field it puts here.
    status = models.CharField(gettext_lazy("status"), max_length=12)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    file_name = models.CharField(gettext_lazy("nama berkas"), max_length=200)
    stage_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Last sign of life of the process working on the job; empty while it waits in the queue.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    #: Statuses in which a process is working on the job and must keep its heartbeat.
    WORKING: ClassVar[tuple[str, ...]] = (JobStatus.RUNNING,)
    FAILED: ClassVar[str] = JobStatus.FAILED

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def last_sign_of_life(self) -> dt.datetime | None:
        return self.heartbeat_at

    def is_stalled(self, now: dt.datetime | None = None) -> bool:
        """Working, yet silent for longer than the limit: its worker died."""
        if self.status not in self.WORKING or self.heartbeat_at is None:  # waiting in the queue: not started
            return False
        seen = self.last_sign_of_life()
        return seen is not None and seen < (now or timezone.now()) - stall_limit()

    def stalled_changes(self, problem: Problem) -> dict[str, Any]:
        """The fields that say why a dead job failed (each job keeps its problems its own way)."""
        raise NotImplementedError

    def save_if(self, working: str) -> None:
        """Save the job (its outcome, set on it) if it is still ``working``, else raise ``JobLost``.

        Call it last inside the transaction that writes the job's data. The conditional UPDATE holds the job's
        row until the commit on PostgreSQL (a recovery waits, then finds the job no longer working); on SQLite
        the transaction holds the database's write lock. A job failed meanwhile rolls the data back.
        """
        fields = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields if not f.primary_key}
        if not type(self)._default_manager.filter(pk=self.pk, status=working).update(**fields):
            raise JobLost(f"{self._meta.label} {self.pk}")

    def hold(self) -> None:
        """Raise ``JobLost`` if the job is no longer in the working status this process gave it."""
        if not type(self)._default_manager.filter(pk=self.pk, status=self.status).exists():
            raise JobLost(f"{self._meta.label} {self.pk}")

    def recover_if_stalled(self, now: dt.datetime | None = None) -> bool:
        """Fail the job if its worker died (True), so its page stops waiting and the user can upload again.

        Conditional on the heartbeat read: a worker that came back to life in between keeps its job.
        """
        now = now or timezone.now()
        if not self.is_stalled(now):
            return False
        problem = {"code": "stalled", "params": {"minutes": int(stall_limit().total_seconds() // 60)}}
        changes = {"status": self.FAILED, "finished_at": now, "stage_name": "", **self.stalled_changes(problem)}
        same = type(self)._default_manager.filter(pk=self.pk, status=self.status, heartbeat_at=self.heartbeat_at)
        try:
            updated = same.update(**changes)
        except OperationalError:
            # SQLite: a worker holds the database's write lock past the busy timeout, inside the transaction
            # that writes its data. A worker that writes is alive: its job stays as it is (no 500 on its page).
            if connection.vendor != "sqlite":
                raise
            log.warning("%s %s: not checked for a stall, the database is busy with a write", self._meta.label, self.pk)
            return False
        if not updated:
            self.refresh_from_db()
            return False
        stage_remove(self.stage_name)
        for name, value in changes.items():
            setattr(self, name, value)
        log.warning("%s %s failed: no heartbeat since %s", self._meta.label, self.pk, self.heartbeat_at)
        return True


class UploadJob(BackgroundJob):
    """An upload read, checked and applied by the task worker: all of it or nothing, with its progress."""

    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    #: Progress while running: the phase, and how much of the phase is done (``PROGRESS``: the count fields).
    phase = models.CharField(max_length=10, blank=True)
    #: The first problems found (codes and line or row numbers), and how many there were in all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    #: The (done, total) fields of each job, named in its own unit (lines of a statement, rows of a file).
    PROGRESS: ClassVar[tuple[str, str]]
    #: Share of the bar (start, end in percent) each phase fills; a phase not listed fills the whole bar.
    PHASES: ClassVar[dict[str, tuple[int, int]]] = {}

    class Meta:
        abstract = True

    @property
    def is_running(self) -> bool:
        return self.status in {JobStatus.QUEUED, JobStatus.RUNNING}

    @property
    def percent(self) -> int:
        done, total = (getattr(self, name) for name in self.PROGRESS)
        start, end = self.PHASES.get(self.phase, (0, 100))
        return min(100, start + (end - start) * done // total) if total else start

    def stalled_changes(self, problem: Problem) -> dict[str, Any]:
        return {"problems": [problem], "problem_count": 1, "phase": ""}

    def progress(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        """Store the phase and its count, and beat: the page polls these, the recovery reads the heartbeat.

        A job failed meanwhile (its worker seemed dead) is no longer this process's: ``JobLost``.
        """
        done_field, total_field = self.PROGRESS
        self.phase, self.heartbeat_at = phase, timezone.now()
        if done is not None:
            setattr(self, done_field, done)
        if total is not None:
            setattr(self, total_field, total)
        fields = {name: getattr(self, name) for name in ("phase", done_field, total_field, "heartbeat_at")}
        if not type(self)._default_manager.filter(pk=self.pk, status=JobStatus.RUNNING).update(**fields):
            raise JobLost(f"{self._meta.label} {self.pk}")

    def done(self) -> None:
        """Record the job done, last inside the transaction that writes its data (``save_if``): both or neither."""
        done_field, total_field = self.PROGRESS
        setattr(self, done_field, getattr(self, total_field))
        self.status, self.phase, self.stage_name, self.finished_at = JobStatus.DONE, "", "", timezone.now()
        self.save_if(JobStatus.RUNNING)

    def claim(self) -> bool:
        """Take the job for this process; False when another took it (a task queued twice runs once)."""
        claimed = type(self)._default_manager.filter(pk=self.pk, status=JobStatus.QUEUED)
        if not claimed.update(status=JobStatus.RUNNING, heartbeat_at=timezone.now()):
            self.refresh_from_db()
            return False
        self.status = JobStatus.RUNNING
        return True


def stage_remove(name: str) -> None:
    # The staged files of every job live in the registry's encrypted store (``registry.imports.storage``).
    from lindung.registry.imports import storage

    storage.remove(name)


def upload_job_run(job: U, *, label: str, work: Callable[[bytes], None]) -> U:
    """Run ``work`` over the job's file once: it records everything, or raises ``JobRefused`` and nothing is kept.

    ``work`` sets its results on the job and calls ``job.done()`` last inside its data transaction. A job failed
    meanwhile as stalled stays as its page showed it: the late worker stops and keeps nothing (``JobLost``).
    The file is removed after, whatever happened.
    """
    from lindung.registry.imports import storage

    if not job.claim():
        return job
    stage = job.stage_name
    try:
        job.progress("reading", 0)
        with audit_context(user=job.uploaded_by, label=label):
            work(storage.upload_load(stage))
        if job.status != JobStatus.DONE:  # a ``work`` that wrote nothing of its own
            job.done()
    except JobLost:
        job_lost(job)
    except JobRefused as refused:
        _failed(job, refused.problems[:MAX_STORED], len(refused.problems))
    except Exception:
        log.exception("%s %s failed; nothing was recorded", job._meta.label, job.pk)  # no file values in the trace
        _failed(job, [{"code": "internal"}], 1)
    storage.remove(stage)
    log.info("%s %s %s", job._meta.label, job.pk, job.status)
    return job


def _failed(job: UploadJob, problems: list[Problem], count: int) -> None:
    job.status, job.problems, job.problem_count = JobStatus.FAILED, problems, count
    job.stage_name, job.phase, job.finished_at = "", "", timezone.now()
    try:
        job.save_if(JobStatus.RUNNING)
    except JobLost:
        job_lost(job)


def job_lost(job: BackgroundJob) -> None:
    """The job was failed as stalled while this process worked on it: its record stands, nothing was kept."""
    log.warning(
        "%s %s was failed as stalled while its worker still ran: stopped, nothing kept", job._meta.label, job.pk
    )
    job.refresh_from_db()


def job_problem_message(problem: Problem) -> str | None:
    """The words of a problem every job can have, or None for the job's own codes."""
    code = problem.get("code")
    if code == "stalled":
        message, fix = STALLED
        return f"{message % {'minutes': problem.get('params', {}).get('minutes', STALL_MINUTES)}} {fix}"
    if code == "internal":
        return _("Pemrosesan gagal karena kesalahan sistem. Coba unggah lagi; jika berulang, hubungi admin.")
    return None


def jobs_shown(jobs: Iterable[J]) -> list[J]:
    """The jobs a page shows, each whose worker died failed first: the page says so instead of waiting forever."""
    shown = list(jobs)
    for job in shown:
        job.recover_if_stalled()
    return shown


def job_models() -> Iterator[type[BackgroundJob]]:
    for model in apps.get_models():
        if issubclass(model, BackgroundJob):
            yield model


def jobs_recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Fail every job whose worker died; how many of each kind (model label → count)."""
    now = now or timezone.now()
    cutoff = now - stall_limit()
    recovered: dict[str, int] = {}
    for model in job_models():
        silent = model._default_manager.filter(status__in=model.WORKING, heartbeat_at__lt=cutoff)
        recovered[model._meta.label] = sum(job.recover_if_stalled(now) for job in silent)
    return recovered
