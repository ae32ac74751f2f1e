"""Row issues that ask nothing of the user are information, not warnings: a worker already registered at this
employer (a re-upload), already in the registry (an agency list), a default programme the rules leave out (JP past
pension age). They are stored as ``info``, shown as "Informasi" on the import page and in the issue workbook,
counted apart from warnings, and never block a confirmation. Jobs validated before keep their warnings.
"""

from __future__ import annotations

import openpyxl
import polars as pl
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lindung.registry.imports import report, service
from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import Validation
from lindung.registry.models import ImportIssue, ImportJob, ImportStatus, IssueSeverity, Membership, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS, row

#: Born 1960, at a large employer (whose default programmes hold JP): past the JP pension age on 1 January 2026, so
#: JP is left out ("dropped").
RETIRED = row("1271011507600021", "Amir Lubis", "15/07/1960", npp="10000002")


def _imported(world: World) -> ImportJob:
    job = files.validated(world, files.csv_bytes(GOOD_ROWS))
    return service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))


def _workbook_lines(job: ImportJob, language: str) -> list[tuple[object, ...]]:
    with translation.override(language):
        sheet = openpyxl.load_workbook(report.issues_xlsx(job)).active
    return [tuple(cell.value for cell in line[:5]) for line in sheet.iter_rows(min_row=2)]


def test_rows_already_registered_and_a_programme_left_out_are_information(registry_world: World) -> None:
    _imported(registry_world)
    # the same workers in another file, plus a worker past pension age: nothing to create for three, no JP for one
    job = files.validated(registry_world, files.csv_bytes([*GOOD_ROWS, RETIRED]), name="lagi.csv")
    issues = list(ImportIssue.objects.filter(job=job).values_list("row", "code", "severity"))
    assert issues == [
        (2, "already_registered", "info"),
        (3, "already_registered", "info"),
        (4, "already_registered", "info"),
        (5, "dropped", "info"),
    ]
    assert (job.status, job.total_rows, job.valid_rows, job.error_rows) == (ImportStatus.VALIDATED, 4, 4, 0)
    assert (job.warning_rows, job.info_rows, job.unchanged_rows) == (0, 4, 3)


def test_information_never_blocks_an_all_or_nothing_import(registry_world: World) -> None:
    _imported(registry_world)
    job = files.validated(registry_world, files.csv_bytes([*GOOD_ROWS, RETIRED]), name="lagi.csv")
    workers = Worker.objects.count()
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 1, 1)
    assert Worker.objects.count() == workers + 1
    retired = Membership.objects.get(import_job=job)
    assert "JP" not in retired.program_names and retired.program_names[:3] == ["JKK", "JKM", "JHT"]


def test_the_import_page_labels_row_information_and_counts_it_apart(registry_world: World) -> None:
    _imported(registry_world)
    job = files.validated(registry_world, files.csv_bytes([*GOOD_ROWS, RETIRED]), name="lagi.csv")
    client = Client()
    client.force_login(registry_world.users["coordinator"])
    html = client.get(reverse("registry:import_detail", args=[job.pk])).text
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr ")[1:]
    assert len(rows) == 4
    assert all('data-severity="info"' in r and 'class="table-info"' in r for r in rows)
    assert all('<span class="badge text-bg-info me-1">Informasi</span>' in r for r in rows)
    assert 'data-testid="count-warnings">0<' in html and 'data-testid="count-info">4<' in html
    assert 'data-testid="confirm-form"' in html


def test_the_issue_workbook_names_row_information(registry_world: World) -> None:
    _imported(registry_world)
    job = files.validated(registry_world, files.csv_bytes([*GOOD_ROWS, RETIRED]), name="lagi.csv")
    for language, label in (("id", "Informasi"), ("en", "Information")):
        lines = _workbook_lines(job, language)
        with translation.override(language):
            registered = describe("already_registered")[0]
        assert [(line[0], line[3]) for line in lines] == [(2, label), (3, label), (4, label), (5, label)]
        assert lines[0][4] == registered


def test_a_job_validated_before_keeps_its_warnings_and_can_still_be_confirmed(registry_world: World) -> None:
    _imported(registry_world)
    job = files.validated(registry_world, files.csv_bytes(GOOD_ROWS[:2]), name="lama.csv")
    # as stored before information existed: the rows were warnings and counted as such
    job.issues.update(severity=IssueSeverity.WARNING)
    ImportJob.objects.filter(pk=job.pk).update(warning_rows=2, info_rows=0)
    job.refresh_from_db()
    client = Client()
    client.force_login(registry_world.users["coordinator"])
    html = client.get(reverse("registry:import_detail", args=[job.pk])).text
    assert html.count('data-severity="warning"') == 2 and "text-bg-info" not in html
    assert 'data-testid="count-warnings">2<' in html
    assert [line[3] for line in _workbook_lines(job, "id")] == ["Peringatan", "Peringatan"]
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="all_or_nothing"))
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 0, 0)


def test_each_row_is_counted_once_errors_first_then_warnings_then_information() -> None:
    issues = pl.DataFrame(
        {
            "row": [2, 3, 3, 4, 4, 5, 6],
            "code": ["dropped", "dropped", "child_worker", "already_registered", "date_invalid", "child_worker", "x"],
            "severity": ["info", "info", "warning", "info", "error", "warning", "error"],
        }
    )
    plan = pl.DataFrame(
        {
            "row": [2, 3, 4, 5, 6, 7],
            "ok": [True, True, False, True, False, True],
            "create_worker": [True] * 6,
            "create_membership": [True] * 6,
        }
    )
    result = Validation(plan, issues)
    assert result.counts() == {
        "total_rows": 6,
        "valid_rows": 4,
        "error_rows": 2,
        "warning_rows": 2,
        "unchanged_rows": 0,
    }
    assert result.info_rows() == 1
    assert Validation(pl.DataFrame(), pl.DataFrame()).info_rows() == 0
