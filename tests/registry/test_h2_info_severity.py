"""Rows skipped because they plainly are not workers (the column numbers under the header, a totals row) are named
as information, not as warnings: shown apart on the import page and in the issue workbook, never counted as a
warning. The rows under a totals row (maybe a worker without a NIK) stay a warning.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lindung.registry.imports import report
from lindung.registry.imports.messages import describe
from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from lindung.registry.models import ImportStatus, IssueSeverity
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, sheet_csv

NUMBERS = [f"({n})" for n in range(1, len(EMPLOYER_HEADER) + 1)]
TOTALS = ["Jumlah", "", "", "", "", "", "13500000", "", ""]
SIGNED = ["", "", "Medan, 31 Januari 2026", "", "", "", "", "", ""]
#: Header on row 1, the column numbers on row 2, workers on rows 3 to 5, the totals on row 6, a place and date on 7.
LIST = sheet_csv([EMPLOYER_HEADER, NUMBERS, *GOOD_ROWS, TOTALS, SIGNED])


def _check(world: World) -> Validation:
    ctx = ImportContext(
        kind="employer_workers", region=world.medan, user=world.users["coordinator"], today=dt.date(2025, 11, 1)
    )
    return validate_file(LIST, "daftar.csv", ctx)


def test_skipped_rows_that_are_not_workers_are_information(registry_world: World) -> None:
    result = _check(registry_world)
    assert [(i["code"], i["severity"]) for i in result.file_issues] == [
        ("column_numbers_row", "info"),
        ("totals_row", "info"),
        ("footer_rows", "warning"),
    ]
    assert not result.rejected
    assert result.counts() == {
        "total_rows": 3,
        "valid_rows": 3,
        "error_rows": 0,
        "warning_rows": 0,
        "unchanged_rows": 0,
    }


def test_the_issue_workbook_labels_them_as_information(registry_world: World) -> None:
    job = files.validated(registry_world, LIST)
    assert (job.status, job.valid_rows, job.warning_rows) == (ImportStatus.VALIDATED, 3, 0)
    for language, info in (("id", "Informasi"), ("en", "Information")):
        with translation.override(language):
            warning = str(IssueSeverity.WARNING.label)
            sheet = openpyxl.load_workbook(report.issues_xlsx(job)).active
            lines = [(line[3].value, line[4].value) for line in sheet.iter_rows(min_row=2)]
            numbers = describe("column_numbers_row", {"row": 2})[0]
        assert lines[:3] == [(info, numbers), (info, lines[1][1]), (warning, lines[2][1])]
        assert len(lines) == 3


def test_the_import_page_shows_information_apart_from_warnings(registry_world: World) -> None:
    client = Client()
    client.force_login(registry_world.users["coordinator"])
    job = files.validated(registry_world, LIST)
    html = client.get(reverse("registry:import_detail", args=[job.pk])).text
    boxes = html.split('data-testid="file-issue"')[1:]
    assert ['data-severity="info"' in b for b in boxes] == [True, True, False]
    assert all("Informasi</span>" in b for b in boxes[:2]) and "Informasi" not in boxes[2]
    assert 'data-severity="warning"' in boxes[2]
    assert html.count('class="alert alert-info"') == 2 and html.count('class="alert alert-warning"') == 1
