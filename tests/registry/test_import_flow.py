"""Upload → preview → confirm → import: all-or-nothing or valid rows, idempotent re-upload, background, CLI."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from lindung.core.models import AuditEntry
from lindung.registry import tasks
from lindung.registry.imports import report, service
from lindung.registry.imports.reader import read_upload
from lindung.registry.models import ImportKind, ImportStatus, Membership, Worker
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS, row

BAD_ROW = row("1271015505920099", "Salah Tanggal", "15/05/92", sex="P")


_upload, _validated = files.upload, files.validated


def test_all_or_nothing_refuses_a_file_with_errors_and_saves_nothing(registry_world: World) -> None:
    job = _validated(registry_world, files.csv_bytes([*GOOD_ROWS, BAD_ROW]))
    assert (job.status, job.total_rows, job.valid_rows, job.error_rows) == (ImportStatus.VALIDATED, 4, 3, 1)
    workers = Worker.objects.count()
    with pytest.raises(ValidationError, match="1 baris bermasalah"):
        service.import_job_confirm(job=job, mode="all_or_nothing")
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED and Worker.objects.count() == workers


def test_valid_rows_mode_imports_the_valid_rows_only(registry_world: World) -> None:
    job = _validated(registry_world, files.csv_bytes([*GOOD_ROWS, BAD_ROW]))
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="valid_rows"))
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 3, 3)
    created = Worker.objects.filter(import_job=job).order_by("pk")
    assert [w.nik_masked for w in created] == ["1271********0011", "1271********0012", "1271********0013"]
    assert not Worker.objects.filter(name="Salah Tanggal").exists()
    membership = Membership.objects.get(import_job=job, worker__nik_masked="1271********0011")
    assert (membership.employer_id, membership.segment, membership.wage) == (
        registry_world.employer.pk,
        "PU",
        4_500_000,
    )
    assert membership.program_names == ["JKK", "JKM", "JHT", "JKP"]
    assert AuditEntry.objects.filter(action="import", object_id=str(job.pk)).count() == 1


def test_the_same_file_twice_creates_nothing_new(registry_world: World) -> None:
    data = files.csv_bytes(GOOD_ROWS)
    first = service.import_job_run(
        job=service.import_job_confirm(job=_validated(registry_world, data), mode="all_or_nothing")
    )
    again = _upload(registry_world, data)
    assert again.duplicate and again.job.pk == first.pk
    # the same rows in another file (another hash) are found already registered: nothing to create
    copy = _validated(registry_world, files.xlsx_bytes(GOOD_ROWS), name="salinan.xlsx")
    assert (copy.valid_rows, copy.unchanged_rows) == (3, 3)
    copy = service.import_job_run(job=service.import_job_confirm(job=copy, mode="all_or_nothing"))
    assert (copy.created_workers, copy.created_memberships) == (0, 0)
    assert Worker.objects.filter(nik_masked="1271********0011").count() == 1


def test_a_rejected_file_keeps_its_problems_and_no_plan(registry_world: World) -> None:
    job = _validated(registry_world, files.encrypted_workbook(), name="dikunci.xlsx")
    assert job.status == ImportStatus.REJECTED and job.stage_name == ""
    assert [i["code"] for i in job.file_issues] == ["xlsx_encrypted"]


def test_error_workbook_lists_masked_values_and_neutralises_formulas(registry_world: World) -> None:
    rows = [row("1271011708900011", '=HYPERLINK("x")', "17/08/1990", wage="=1+1"), BAD_ROW]
    job = _validated(registry_world, files.csv_bytes(rows))
    sheet = openpyxl.load_workbook(report.issues_xlsx(job)).active
    values = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)]
    wage = next(v for v in values if v[1] == "Upah")
    assert wage[2] == "'=1+1" and "angka" in wage[4].lower()
    assert all("1271015505920099" not in str(v) for v in values)
    assert any((v[0] == 3 and v[1] == "Mulai berlaku") or v[1] == "Tanggal lahir" for v in values)


@pytest.mark.parametrize("kind", ImportKind.values)
def test_templates_filled_in_are_read_back_with_every_column(kind: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report.template_xlsx(kind)))
    assert book.sheetnames == ["Data", "Petunjuk"]
    sheet = book["Data"]
    headers = [c.value for c in sheet[1]]
    sheet.append(["1271011708900011" if h == "NIK" else "x" for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_upload(buffer.getvalue(), "isi.xlsx")
    assert table.headers == headers and table.frame["NIK"].to_list() == ["1271011708900011"]
    assert report.template_csv(kind).decode("utf-8-sig").strip().split(",") == headers


@pytest.mark.django_db(transaction=True)
@override_settings(LINDUNG_IMPORT_SYNC_BYTES=10, LINDUNG_IMPORT_SYNC_ROWS=1)
def test_big_files_validate_and_import_in_the_task_worker(registry_world: World) -> None:
    job = tasks.start_validation(_upload(registry_world, files.csv_bytes(GOOD_ROWS)).job)
    assert job.background and job.status == ImportStatus.UPLOADED
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    tasks.start_import(service.import_job_confirm(job=job, mode="all_or_nothing"))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.created_workers) == (ImportStatus.DONE, 3)


def test_cli_imports_with_a_progress_bar(
    registry_world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(files.xlsx_bytes([*GOOD_ROWS, BAD_ROW]))
    errors = tmp_path / "masalah.xlsx"
    with pytest.raises(CommandError, match="1 baris bermasalah"):
        call_command("import_workers", str(path), user="koordinator", errors=str(errors))
    out = capsys.readouterr().out
    assert "1 with errors" in out and "1271015505920099" not in out and errors.exists()
    call_command("import_workers", str(path), user="koordinator", valid_rows=True)
    assert "imported: 3 new workers, 3 new memberships" in capsys.readouterr().out


def test_cli_refuses_an_unknown_user(tmp_path: Path, db: None) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(files.csv_bytes(GOOD_ROWS))
    with pytest.raises(CommandError, match="no role"):
        call_command("import_workers", str(path), user="siapa")


def test_a_failure_in_the_middle_of_the_write_leaves_nothing_behind(
    registry_world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from lindung.registry.imports import storage

    job = service.import_job_confirm(job=_validated(registry_world, files.csv_bytes(GOOD_ROWS)), mode="all_or_nothing")
    plan = storage.directory() / job.stage_name
    seen: list[int] = []

    def stop_after_the_workers(done: int, total: int) -> None:
        seen.append(done)
        if 0 < done < total:  # the workers are in the table, the memberships not yet
            raise RuntimeError("disk full")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        service.import_job_run(job=job, on_progress=stop_after_the_workers)
    job.refresh_from_db()
    assert seen == [3] and job.status == ImportStatus.FAILED and not plan.exists()
    assert not Worker.objects.filter(import_job=job).exists()
    assert not Membership.objects.filter(import_job=job).exists()
    assert not AuditEntry.objects.filter(action="import", object_id=str(job.pk)).exists()
    assert _queued_refreshes() == []


def _queued_refreshes() -> list[list[Any]]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path__endswith="coverage_refresh_task").order_by("id")
    return [row["args"] for row in rows.values_list("args_kwargs", flat=True)]


def test_a_committed_import_queues_the_coverage_refresh_of_its_region(
    registry_world: World, django_capture_on_commit_callbacks: Any
) -> None:
    job = service.import_job_confirm(job=_validated(registry_world, files.csv_bytes(GOOD_ROWS)), mode="all_or_nothing")
    with django_capture_on_commit_callbacks(execute=True):
        job = service.import_job_run(job=job)
    assert job.created_workers == 3
    assert _queued_refreshes() == [[registry_world.medan.pk, False]]
