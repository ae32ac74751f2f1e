"""Background tasks of the registry (django-tasks; run by ``lindung db_worker``)."""

from __future__ import annotations

from django_tasks import task

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.registry.imports import service
from lindung.registry.models import ImportJob, ImportStatus
from lindung.registry.services import dedup


@task()
def import_validate(job_id: int) -> str:
    job = ImportJob.objects.select_related("region", "employer", "agency", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.UPLOADED:
        return str(job.status)
    return str(service.import_job_validate(job=job).status)


@task()
def import_run(job_id: int) -> str:
    job = ImportJob.objects.select_related("region", "employer", "agency", "uploaded_by").get(pk=job_id)
    if job.status != ImportStatus.IMPORTING:
        return str(job.status)
    job = service.import_job_run(job=job)
    duplicate_scan.enqueue(job.region_id)
    return str(job.status)


@task()
def duplicate_scan(region_id: int) -> int:
    with audit_context(label="duplicate-scan"):
        return dedup.duplicate_scan(region=Region.objects.get(pk=region_id))


def start_validation(job: ImportJob) -> ImportJob:
    """Validate now (small file) or in the task queue (big file: the page shows its progress)."""
    if job.background:
        import_validate.enqueue(job.pk)
        return job
    return service.import_job_validate(job=job)


def start_import(job: ImportJob) -> ImportJob:
    if job.background:
        import_run.enqueue(job.pk)
        return job
    job = service.import_job_run(job=job)
    duplicate_scan.enqueue(job.region_id)
    return job
