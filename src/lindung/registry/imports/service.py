"""The life of an import job: upload → validate (preview) → confirm → import, in the request or the task queue.

The same file sent twice for the same target (same hash, kind, employer/agency) gives back the first job
instead of a new one, and rows already in the registry create nothing: re-uploading is harmless.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.audit import audit_context
from lindung.core.db import planner_statistics_refresh
from lindung.core.jobs import JobLost, job_lost
from lindung.core.models import Agency, Region
from lindung.core.roles import Role
from lindung.core.scoping import scope_for
from lindung.registry import bulk
from lindung.registry.imports import commit, storage
from lindung.registry.imports.validate import ImportContext, validate_file
from lindung.registry.models import (
    Employer,
    ImportIssue,
    ImportJob,
    ImportKind,
    ImportMode,
    ImportStatus,
    Membership,
    Worker,
)

log = logging.getLogger(__name__)
MAX_ISSUES = 200_000
#: An import this large refreshes the planner's statistics of the registry (core.db): the next look-ups plan on it.
STATISTICS_AFTER_ROWS = 5_000


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass(frozen=True)
class Upload:
    job: ImportJob
    duplicate: bool  # the same file was already sent: nothing new was created


def _same_file(
    *, sha256: str, kind: str, region: Region, employer: Employer | None, agency: Agency | None
) -> ImportJob | None:
    live = [
        ImportStatus.UPLOADED,
        ImportStatus.VALIDATING,
        ImportStatus.VALIDATED,
        ImportStatus.IMPORTING,
        ImportStatus.DONE,
    ]
    return (
        ImportJob.objects.filter(
            file_sha256=sha256, kind=kind, region=region, employer=employer, agency=agency, status__in=live
        )
        .order_by("created_at")
        .first()
    )


def import_job_create(
    *, user: Any, kind: str, region: Region, file_name: str, data: bytes, agency: Agency | None = None
) -> Upload:
    """Store an upload (encrypted) and open its job; validation runs next (see ``import_job_validate``)."""
    max_bytes = _limit("LINDUNG_IMPORT_MAX_BYTES", 200_000_000)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Berkas lebih besar dari %(mb)s MB: bagi menjadi beberapa berkas.") % {"mb": max_bytes // 1_000_000}
        )
    if not data:
        raise ValidationError(_("Berkas kosong."))
    scope = scope_for(user)
    employer = None
    if scope is not None and scope.role == Role.EMPLOYER and scope.employer_id is not None:
        employer = Employer.objects.get(pk=scope.employer_id)
    if kind == ImportKind.AGENCY_PROPOSALS and agency is None:
        raise ValidationError(_("Pilih perangkat daerah yang mengusulkan."))
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = _same_file(sha256=sha256, kind=kind, region=region, employer=employer, agency=agency)
    if earlier is not None:
        return Upload(earlier, True)
    job = ImportJob(
        kind=kind,
        region=region,
        uploaded_by=user if getattr(user, "pk", None) else None,
        agency=agency,
        employer=employer,
        file_name=file_name[-200:],
        file_sha256=sha256,
        file_size=len(data),
        file_format="xlsx" if data[:4] == b"PK\x03\x04" else "csv",
        background=len(data) > _limit("LINDUNG_IMPORT_SYNC_BYTES", 300_000),
        stage_name=storage.upload_save(data),
    )
    job.full_clean()
    job.save()
    return Upload(job, False)


def _context(job: ImportJob) -> ImportContext:
    return ImportContext(
        kind=job.kind,
        region=job.region,
        user=job.uploaded_by,
        today=timezone.localdate(),
        employer=job.employer,
        agency=job.agency,
    )


def _store_issues(job: ImportJob, issues: pl.DataFrame) -> None:
    params = bulk.json_value(ImportIssue, "params")
    rows = (
        (
            job.pk,
            r["row"],
            r["column"][:60],
            (r["value"] or "")[:120],
            r["severity"],
            r["code"],
            params(_params(r["params"])),
        )
        for r in issues.head(MAX_ISSUES).iter_rows(named=True)
    )
    bulk.insert_rows(ImportIssue, ["job", "row", "column", "value", "severity", "code", "params"], rows)
    if issues.height > MAX_ISSUES:
        job.file_issues.append({"code": "too_many_issues", "params": {"max": MAX_ISSUES}, "severity": "warning"})


def _params(raw: str | None) -> dict[str, Any]:
    import json

    return {k: v for k, v in json.loads(raw or "{}").items() if v is not None}


def _fail(job: ImportJob, stage: str, what: str) -> None:
    """Mark the job failed and drop its staged file; the traceback goes to the log (no cell values in it)."""
    job.status, job.finished_at, job.stage_name = ImportStatus.FAILED, timezone.now(), ""
    job.save(update_fields=["status", "finished_at", "stage_name"])
    storage.remove(stage)
    storage.progress_clear(job.pk)
    log.exception("import %s failed while %s; nothing was written", job.pk, what)


def import_job_validate(*, job: ImportJob) -> ImportJob:
    """Check the uploaded file and keep the plan (encrypted) for the preview; the upload itself is removed."""
    job.status, job.heartbeat_at = ImportStatus.VALIDATING, timezone.now()
    job.save(update_fields=["status", "heartbeat_at"])
    storage.progress_report(job.pk, phase="validating", done=0, total=3)
    upload_name = job.stage_name
    try:
        result = validate_file(storage.upload_load(upload_name), job.file_name, _context(job))
    except Exception:
        _fail(job, upload_name, "validating")
        raise
    storage.progress_report(job.pk, phase="validating", done=2, total=3)
    try:
        with transaction.atomic():
            job.issues.all().delete()
            job.file_issues = result.file_issues
            _store_issues(job, result.issues)
            for key, value in result.counts().items():
                setattr(job, key, value)
            job.info_rows = result.info_rows()
            usable = not result.rejected and (job.valid_rows > 0)
            job.status = ImportStatus.VALIDATED if usable else ImportStatus.REJECTED
            job.stage_name = storage.plan_save(result.plan) if usable else ""
            job.validated_at, job.heartbeat_at = timezone.now(), None  # nobody works on it until it is confirmed
            job.save_if(ImportStatus.VALIDATING)  # unless failed meanwhile as stalled (core.jobs): then nothing
    except JobLost:
        storage.remove(job.stage_name)
        storage.remove(upload_name)
        storage.progress_clear(job.pk)
        job_lost(job)
        return job
    storage.remove(upload_name)
    storage.progress_clear(job.pk)
    log.info("import %s validated: %s rows, %s with errors", job.pk, job.total_rows, job.error_rows)
    return job


def import_job_confirm(*, job: ImportJob, mode: str) -> ImportJob:
    """Accept the preview: all rows or none (default), or only the valid rows when the user chose so."""
    if job.status != ImportStatus.VALIDATED:
        raise ValidationError(
            _("Impor ini tidak dapat dikonfirmasi (status: %(s)s).") % {"s": job.get_status_display()}
        )
    if mode not in ImportMode.values:
        raise ValidationError(_("Pilih cara impor."))
    if mode == ImportMode.ALL_OR_NOTHING and job.error_rows:
        raise ValidationError(
            _(
                "Ada %(n)s baris bermasalah, jadi tidak ada yang diimpor. Perbaiki berkas lalu unggah lagi, atau pilih "
                "'Impor baris yang valid saja'."
            )
            % {"n": job.error_rows}
        )
    background = job.background or job.valid_rows > _limit("LINDUNG_IMPORT_SYNC_ROWS", 3000)
    # Compare and set: of two confirmations sent together (a double click, two tabs) only one starts the import;
    # the other read the job before the first saved it and would have run the same plan a second time.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATED).update(
        mode=mode, status=ImportStatus.IMPORTING, background=background, heartbeat_at=None
    )
    if not claimed:
        job.refresh_from_db(fields=["status"])
        raise ValidationError(
            _("Impor ini tidak dapat dikonfirmasi (status: %(s)s).") % {"s": job.get_status_display()}
        )
    job.mode, job.status, job.background = mode, ImportStatus.IMPORTING, background
    return job


def import_job_run(*, job: ImportJob, on_progress: Callable[[int, int], None] | None = None) -> ImportJob:
    """Write the confirmed plan; on failure nothing is kept and the job says so.

    The rows and the job's ``done`` commit together, only if the job is still importing: one failed meanwhile
    as stalled (``core.jobs``) stays failed and keeps nothing, its late worker stopping at its next step.
    """
    plan_name = job.stage_name
    job.heartbeat_at = timezone.now()
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.IMPORTING).update(heartbeat_at=job.heartbeat_at):
        job_lost(job)  # failed as stalled before this worker began
        return job

    def report(done: int, total: int) -> None:
        job.hold()
        storage.progress_report(job.pk, phase="importing", done=done, total=total)
        if on_progress is not None:
            on_progress(done, total)

    try:
        plan = storage.plan_load(plan_name)
        with audit_context(user=job.uploaded_by, label="import"), transaction.atomic():
            workers, memberships = commit.commit_plan(job, plan, report)
            job.created_workers, job.created_memberships = workers, memberships
            job.status, job.finished_at, job.stage_name = ImportStatus.DONE, timezone.now(), ""
            job.save_if(ImportStatus.IMPORTING)
    except JobLost:
        storage.remove(plan_name)
        storage.progress_clear(job.pk)
        job_lost(job)
        return job
    except Exception:
        _fail(job, plan_name, "importing")
        raise
    if workers + memberships >= STATISTICS_AFTER_ROWS:
        planner_statistics_refresh([Worker._meta.db_table, Membership._meta.db_table])
    storage.remove(plan_name)
    storage.progress_clear(job.pk)
    return job
