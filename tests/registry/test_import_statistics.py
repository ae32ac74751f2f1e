"""A large import refreshes the planner statistics of the registry tables (core.db), so the next look-ups plan well."""

from __future__ import annotations

import pytest

from lindung.registry.imports import service
from lindung.registry.models import ImportKind, Worker
from tests.core.test_db_statistics import forget_statistics, has_statistics
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS


@pytest.mark.django_db
def test_a_large_import_refreshes_the_registry_statistics(
    registry_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "STATISTICS_AFTER_ROWS", 3)  # the three rows below count as a large file
    table = Worker._meta.db_table
    forget_statistics(table)
    upload = service.import_job_create(
        user=registry_world.users["coordinator"],
        kind=ImportKind.EMPLOYER_WORKERS,
        region=registry_world.medan,
        file_name="daftar.csv",
        data=files.csv_bytes(GOOD_ROWS),
    )
    job = service.import_job_confirm(job=service.import_job_validate(job=upload.job), mode="all_or_nothing")
    job = service.import_job_run(job=job)
    assert job.created_workers == 3
    assert has_statistics(table)
