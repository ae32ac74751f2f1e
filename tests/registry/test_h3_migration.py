"""Registry migration 0011: the ``info`` severity of import issues and the rows counted as information. Run forwards
from 0010 on the test database (SQLite rebuilds the job table, PostgreSQL adds a column): jobs and issues stored
before keep every value, and an issue stored afterwards can be information."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lindung.registry.models import ImportIssue, ImportJob, ImportStatus, IssueSeverity
from tests.factories import make_region

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE, AFTER = ("registry", "0010_membership_change_indexes"), ("registry", "0011_import_issue_info")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def test_migration_0011_keeps_existing_jobs_and_their_warnings() -> None:
    region = make_region("12.99", "Kota Uji", "kota-uji")
    job = ImportJob.objects.create(
        kind="employer_workers",
        region=region,
        file_sha256="0" * 64,
        file_format="csv",
        status=ImportStatus.VALIDATED,
        total_rows=2,
        valid_rows=2,
        warning_rows=2,
        file_issues=[{"code": "totals_row", "params": {"rows": "9", "label": "Jumlah"}, "severity": "info"}],
    )
    ImportIssue.objects.create(job=job, row=2, column="NIK", severity="warning", code="already_registered")
    try:
        _migrate(BEFORE)
        assert "info_rows" not in _columns(ImportJob._meta.db_table)
        _migrate(AFTER)
        assert "info_rows" in _columns(ImportJob._meta.db_table)
        job = ImportJob.objects.get(pk=job.pk)
        assert (job.total_rows, job.valid_rows, job.warning_rows, job.info_rows) == (2, 2, 2, 0)
        assert job.file_issues[0]["severity"] == "info"
        assert list(job.issues.values_list("severity", "code")) == [("warning", "already_registered")]
        ImportIssue.objects.create(job=job, row=3, column="NIK", severity=IssueSeverity.INFO, code="dropped")
        issue = ImportIssue.objects.get(job=job, row=3)
        issue.full_clean()
        assert (issue.severity, issue.get_severity_display()) == ("info", "Informasi")
    finally:
        _migrate(AFTER)
