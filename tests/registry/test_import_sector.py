"""The employer worker list's optional columns: sektor usaha (PP 7/2025) and JP deferral (PP 49/2020) of the
rows' employer; an unknown sector is refused with the allowed values, and then nothing is imported."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lindung.core.models import AuditEntry
from lindung.registry.imports import messages, service
from lindung.registry.models import Employer, ImportIssue, ImportKind, ImportStatus, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS

HEADER = [*EMPLOYER_HEADER, "Sektor usaha", "Penundaan JP"]


def _validated(world: World, rows: list[list[str]], user: str = "coordinator") -> service.ImportJob:
    upload = service.import_job_create(
        user=world.users[user],
        kind=ImportKind.EMPLOYER_WORKERS,
        region=world.medan,
        file_name="daftar.csv",
        data=files.csv_bytes(rows, header=HEADER),
    )
    return service.import_job_validate(job=upload.job)


def test_the_sector_and_jp_deferral_columns_set_the_employer(registry_world: World) -> None:
    rows = [[*r, "Furnitur" if i == 0 else "", "Y" if i == 1 else ""] for i, r in enumerate(GOOD_ROWS)]
    job = _validated(registry_world, rows)
    assert job.error_rows == 0
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert job.status == ImportStatus.DONE and job.created_memberships == 3
    employer = Employer.objects.get(pk=registry_world.employer.pk)
    assert (employer.sector, employer.jp_deferral) == ("furniture", True)
    changes = AuditEntry.objects.filter(action="employer_update", object_id=str(employer.pk))
    assert sorted(tuple(sorted(e.after)) for e in changes) == [("import_job", "jp_deferral"), ("import_job", "sector")]


def test_an_employer_may_not_set_its_own_sector_or_deferral_by_upload(registry_world: World) -> None:
    """Both change what the employer is billed: only a user who may edit employers gives them."""
    rows = [[*r, "Furnitur" if i == 0 else "", "Y" if i == 1 else ""] for i, r in enumerate(GOOD_ROWS)]
    job = _validated(registry_world, rows, user="employer")
    issues = ImportIssue.objects.filter(job=job, code="employer_terms_forbidden")
    assert issues.count() == 2 and job.error_rows == 2
    message, fix = messages.describe("employer_terms_forbidden", {})
    assert "tidak berwenang" in message and "halaman pemberi kerja" in fix
    assert Employer.objects.get(pk=registry_world.employer.pk).sector == "other"


def test_an_unknown_sector_is_refused_with_the_allowed_values_and_nothing_is_imported(registry_world: World) -> None:
    rows = [[*r, "bengkel" if i == 2 else "", ""] for i, r in enumerate(GOOD_ROWS)]
    job = _validated(registry_world, rows)
    assert (job.valid_rows, job.error_rows) == (2, 1)
    issue = ImportIssue.objects.get(job=job, code="sector_unknown")
    message, fix = messages.describe(issue.code, issue.params)
    assert message == "Sektor usaha tidak dikenal." and "furniture (Furnitur)" in fix and "footwear" in fix
    workers = Worker.objects.count()
    with pytest.raises(ValidationError, match="1 baris bermasalah"):
        service.import_job_confirm(job=job, mode="all_or_nothing")
    assert Worker.objects.count() == workers
    assert Employer.objects.get(pk=registry_world.employer.pk).sector == "other"


def test_rows_of_one_employer_must_agree(registry_world: World) -> None:
    rows = [[*r, "furniture" if i == 0 else "footwear", ""] for i, r in enumerate(GOOD_ROWS)]
    job = _validated(registry_world, rows)
    assert ImportIssue.objects.filter(job=job, code="employer_values_differ").count() == 3
