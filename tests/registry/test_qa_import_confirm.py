"""Exploratory QA of the import confirmation: two confirmations sent together start one import."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lindung.registry import tasks
from lindung.registry.imports import service
from lindung.registry.models import ImportJob, ImportStatus, Membership
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS


def test_a_double_click_on_confirm_imports_once(registry_world: World) -> None:
    """Given two requests that both read the job while it waited for confirmation (a double click), when both
    confirm, the second is refused with the job's status and the plan is written once, the job done."""
    upload = service.import_job_create(
        user=registry_world.users["coordinator"], kind="employer_workers", region=registry_world.medan,
        file_name="daftar.csv", data=files.csv_bytes(GOOD_ROWS),
    )  # fmt: skip
    job = service.import_job_validate(job=upload.job)
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    tasks.start_import(service.import_job_confirm(job=first, mode="all_or_nothing"))
    with pytest.raises(ValidationError, match="tidak dapat dikonfirmasi"):
        service.import_job_confirm(job=second, mode="all_or_nothing")
    job.refresh_from_db()
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 3, 3)
    assert Membership.objects.filter(worker__name__in=["Budi Santoso", "Sari Wulandari", "Tono Siregar"]).count() == 3
