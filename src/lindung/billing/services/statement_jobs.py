"""A bank statement as a background job: the request keeps the file, the task worker reads, matches and records it.

``statement_job_create`` checks the user, the file's size and that the same file was not imported (nor queued)
for the region, keeps the file encrypted (it carries payers' names) and opens the job; the page or the API then
queues ``tasks.statement_import_task``, which runs ``statement_job_run``: all lines recorded in one
transaction, or none and the problems of each bad line, kept as codes and worded by ``statement_job_messages``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.models import StatementImport, StatementImportJob, StatementJobStatus
from lindung.billing.services.payments import require_payment_role
from lindung.billing.services.statements import StatementRefused, already_imported, statement_record
from lindung.billing.statement_csv import problem_message, problem_messages, statement_check
from lindung.core.jobs import JobRefused, job_problem_message, upload_job_run
from lindung.core.models import Region
from lindung.registry.imports import storage

MATCH_CHUNK = 2000  # lines matched between two progress steps
PENDING = (StatementJobStatus.QUEUED, StatementJobStatus.RUNNING)


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


def statement_job_run(*, job: StatementImportJob) -> StatementImportJob:
    """Import the job's file: every line, or none and the problems of each bad line. The file is removed after."""
    return upload_job_run(job, label="statement-import", work=lambda content: _import(job, content))


def _import(job: StatementImportJob, content: bytes) -> None:
    problem = already_imported(job.region, job.file_sha256)  # the same file in two jobs: the second stops here
    if problem is not None:
        raise JobRefused([problem])
    lines, problems = statement_check(
        content, region_code=job.region.code, today=timezone.localdate(),
        progress=lambda done, total: job.progress("reading", done, total),
    )  # fmt: skip
    if problems:
        raise JobRefused(problems)
    job.progress("reading", len(lines), len(lines))
    try:
        job.statement = statement_record(
            user=job.uploaded_by, region=job.region, filename=job.file_name, digest=job.file_sha256, lines=lines,
            phase=lambda phase, done, total: job.progress(phase, done, total), chunk=MATCH_CHUNK,
            recorded=lambda statement: _done(job, statement),
        )  # fmt: skip
    except StatementRefused as refused:
        raise JobRefused([refused.problem]) from None


def statement_job_messages(job: StatementImportJob) -> list[str]:
    """Why a failed job recorded nothing: each bad line (at most 20), how many more, or the file's one problem."""
    if job.status != StatementJobStatus.FAILED:
        return []
    if job.problems and "line" not in job.problems[0]:
        return [job_problem_message(job.problems[0]) or problem_message(job.problems[0])]
    return problem_messages(job.problems, job.problem_count)


def _done(job: StatementImportJob, statement: StatementImport) -> None:
    """Inside the statement's transaction: the job done with its statement, or nothing if it was failed meanwhile."""
    job.statement = statement
    job.done()
