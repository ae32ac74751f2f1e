"""A bank statement as a background job: the request keeps the file, the task worker reads, matches and records it.

``statement_job_create`` checks the user, the file's size and that the same file was not imported (nor queued)
for the region, keeps the file encrypted (it carries payers' names) and opens the job; the page or the API then
queues ``tasks.statement_import_task``, which runs ``statement_job_run``: all lines recorded in one
transaction, or none and the problems of each bad line, kept as codes and worded by ``statement_job_messages``.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.models import StatementImport, StatementImportJob, StatementJobStatus
from lindung.billing.services.payments import require_payment_role
from lindung.billing.services.statements import StatementRefused, already_imported, statement_record
from lindung.billing.statement_csv import Problem, problem_message, problem_messages, statement_check
from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.registry.imports import storage

log = logging.getLogger(__name__)
MAX_STORED = 200  # problems kept on the job (a file of 200,000 bad lines keeps its first 200 and the count)
PENDING = (StatementJobStatus.QUEUED, StatementJobStatus.RUNNING)


class _Failed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


def statement_job_create(*, user: Any, region: Region, filename: str, content: bytes) -> StatementImportJob:
    """Keep the statement (encrypted) and open its job; a file already imported or queued is refused at once."""
    require_payment_role(user)
    max_bytes = int(getattr(settings, "LINDUNG_IMPORT_MAX_BYTES", 200_000_000))
    if not content:
        raise ValidationError(_("Berkas kosong."))
    if len(content) > max_bytes:
        message = _("Berkas lebih besar dari %(mb)s MB: bagi menjadi beberapa berkas.")
        raise ValidationError(message % {"mb": max_bytes // 1_000_000})
    digest = hashlib.sha256(content).hexdigest()
    problem = already_imported(region, digest)
    if problem is not None:
        raise StatementRefused(problem)
    waiting = StatementImportJob.objects.filter(region=region, file_sha256=digest, status__in=PENDING).first()
    if waiting is not None:
        message = _("Berkas ini sudah diunggah dan sedang diproses (unggahan #%(id)s); tunggu hasilnya di bawah.")
        raise ValidationError(message % {"id": waiting.pk})
    job = StatementImportJob(
        region=region, uploaded_by=user if getattr(user, "pk", None) else None, file_sha256=digest,
        file_name=(filename or "rekening-koran.csv")[-200:], stage_name=storage.upload_save(content),
    )  # fmt: skip
    job.full_clean()
    job.save()
    return job


def _progress(job: StatementImportJob, phase: str, done: int | None = None, total: int | None = None) -> None:
    job.phase = phase
    job.done_lines = job.done_lines if done is None else done
    job.total_lines = job.total_lines if total is None else total
    job.save(update_fields=["phase", "done_lines", "total_lines"])


def statement_job_run(*, job: StatementImportJob) -> StatementImportJob:
    """Import the job's file: every line, or none and the problems of each bad line. The file is removed after."""
    claimed = StatementImportJob.objects.filter(pk=job.pk, status=StatementJobStatus.QUEUED)
    if not claimed.update(status=StatementJobStatus.RUNNING):  # run once, even if queued twice
        job.refresh_from_db()
        return job
    job.status = StatementJobStatus.RUNNING
    _progress(job, "reading", 0)
    try:
        with audit_context(user=job.uploaded_by, label="statement-import"):
            job.statement = _import(job, storage.upload_load(job.stage_name))
    except _Failed as failed:
        job.status, job.problems = StatementJobStatus.FAILED, failed.problems[:MAX_STORED]
        job.problem_count = len(failed.problems)
    except Exception:
        log.exception("statement job %s failed; nothing was recorded", job.pk)  # no line values in the trace
        job.status, job.problems, job.problem_count = StatementJobStatus.FAILED, [{"code": "internal"}], 1
    else:
        job.status, job.done_lines = StatementJobStatus.DONE, job.total_lines
    storage.remove(job.stage_name)
    job.stage_name, job.phase, job.finished_at = "", "", timezone.now()
    job.save()
    log.info("statement job %s %s: %s lines", job.pk, job.status, job.total_lines)
    return job


def _import(job: StatementImportJob, content: bytes) -> StatementImport:
    problem = already_imported(job.region, job.file_sha256)  # the same file in two jobs: the second stops here
    if problem is not None:
        raise _Failed([problem])
    lines, problems = statement_check(
        content, region_code=job.region.code, today=timezone.localdate(),
        progress=lambda done, total: _progress(job, "reading", done, total),
    )  # fmt: skip
    if problems:
        raise _Failed(problems)
    _progress(job, "reading", len(lines), len(lines))
    try:
        return statement_record(
            user=job.uploaded_by, region=job.region, filename=job.file_name, digest=job.file_sha256, lines=lines,
            phase=lambda phase: _progress(job, phase),
        )  # fmt: skip
    except StatementRefused as refused:
        raise _Failed([refused.problem]) from None


def statement_job_messages(job: StatementImportJob) -> list[str]:
    """Why a failed job recorded nothing: each bad line (at most 20), how many more, or the file's one problem."""
    if job.status != StatementJobStatus.FAILED:
        return []
    if job.problems and "line" not in job.problems[0]:
        return [problem_message(job.problems[0])]
    return problem_messages(job.problems, job.problem_count)
