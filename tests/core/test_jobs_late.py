"""A job failed as stalled stays failed: its worker, only slow, stops and keeps nothing.

The page told the user "nothing was saved, upload again": a late worker that went on and recorded its data,
or marked the job done, would make that a lie (and the new upload a second copy). Each kind of job is failed by
the real recovery while its worker is paused at a step, then the worker carries on.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from lindung.billing.models import Receipt, StatementImport, StatementImportJob
from lindung.billing.services import statement_job_run
from lindung.core.jobs import BackgroundJob, JobLost, jobs_recover
from lindung.programmes.models import DecileUploadJob, PovertyDecile
from lindung.programmes.services.deciles import decile_upload_create, decile_upload_run
from lindung.registry.imports import service, storage
from lindung.registry.models import ImportJob, ImportKind, ImportStatus, Membership, Worker
from tests.core.test_jobs import DEAD, _statement
from tests.factories import World, make_worker
from tests.programmes.builders import TODAY, make_programme
from tests.registry import files
from tests.registry.files import GOOD_ROWS, NPP


@pytest.fixture(autouse=True)
def _no_files_left() -> Iterator[None]:
    before = set(storage.directory().iterdir())
    yield
    for path in set(storage.directory().iterdir()) - before:
        path.unlink(missing_ok=True)


def _recover_later(job: BackgroundJob) -> None:
    """The recovery's run 31 minutes after the job's last sign of life (its progress file aged as well)."""
    progress = storage.directory() / f"job-{job.pk}.progress.json"
    if progress.exists():
        stamp = timezone.now().timestamp()
        os.utime(progress, (stamp, stamp))
    with time_machine.travel(timezone.now() + DEAD, tick=False):
        assert jobs_recover()[job._meta.label] == 1


def _pause_at(job: Any, phase: str, *, after_beat: bool) -> None:
    """The worker pauses at ``phase`` (before or just after its heartbeat) long enough to be failed as stalled."""
    beat: Callable[..., None] = job.progress
    paused: list[str] = []

    def slow(name: str, *args: Any) -> None:
        if name == phase and not paused:
            paused.append(name)
            if after_beat:
                beat(name, *args)
            _recover_later(job)
            if after_beat:
                return
        beat(name, *args)

    job.progress = slow


@pytest.mark.parametrize("after_beat", [False, True], ids=["stops-at-next-beat", "stopped-at-commit"])
def test_a_statement_failed_as_stalled_records_nothing_when_its_worker_carries_on(
    world: World, after_beat: bool
) -> None:
    job = _statement(world)
    _pause_at(job, "recording", after_beat=after_beat)
    job = statement_job_run(job=job)
    stored = StatementImportJob.objects.get(pk=job.pk)
    assert (stored.status, stored.problems, stored.statement_id) == (
        "failed",
        [{"code": "stalled", "params": {"minutes": 30}}],
        None,
    )
    assert job.status == "failed" and not Receipt.objects.exists() and not StatementImport.objects.exists()


def test_a_statement_worker_on_time_records_its_statement_and_the_job_done_together(world: World) -> None:
    job = statement_job_run(job=_statement(world))
    assert job.status == "done" and job.statement is not None
    assert StatementImportJob.objects.get(pk=job.pk).statement_id == StatementImport.objects.get().pk


def _decile(world: World) -> DecileUploadJob:
    make_worker(world.medan, "1271015505000001", "Desil Satu", world.agency)
    return decile_upload_create(
        programme=make_programme(world), data=b"NIK,Desil\n1271015505000001,2\n", file_name="desil.csv",
        source="dtks", as_of=dt.date(2025, 8, 1), user=world.users["coordinator"], today=TODAY,
    )  # fmt: skip


@pytest.mark.parametrize("after_beat", [False, True], ids=["stops-at-next-beat", "stopped-at-commit"])
def test_a_decile_upload_failed_as_stalled_saves_no_decile_when_its_worker_carries_on(
    world: World, after_beat: bool
) -> None:
    job = _decile(world)
    _pause_at(job, "saving", after_beat=after_beat)
    job = decile_upload_run(job=job)
    stored = DecileUploadJob.objects.get(pk=job.pk)
    assert (stored.status, stored.problems, stored.written) == (
        "failed",
        [{"code": "stalled", "params": {"minutes": 30}}],
        0,
    )
    assert not PovertyDecile.objects.exists()


def test_a_decile_upload_on_time_is_saved_and_done(world: World) -> None:
    job = decile_upload_run(job=_decile(world))
    assert (job.status, job.written, PovertyDecile.objects.count()) == ("done", 1, 1)


def _confirmed(world: World) -> ImportJob:
    from lindung.registry.models import Employer

    Employer.objects.filter(pk=world.employer.pk).update(npp=NPP, size="small", kbli="47111")
    upload = service.import_job_create(
        user=world.users["coordinator"], kind=ImportKind.EMPLOYER_WORKERS, region=world.medan,
        file_name="daftar.csv", data=files.csv_bytes(GOOD_ROWS),
    )  # fmt: skip
    job = service.import_job_validate(job=upload.job)
    assert job.status == ImportStatus.VALIDATED
    return service.import_job_confirm(job=job, mode="all_or_nothing")


@pytest.mark.parametrize("paused", ["before-its-first-beat", "after-reading-the-plan"])
def test_an_import_failed_as_stalled_writes_no_worker_when_its_worker_carries_on(
    world: World, paused: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _confirmed(world)
    workers, members = Worker.objects.count(), Membership.objects.count()
    if paused == "before-its-first-beat":  # the task read the job, then paused
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=1))
        _recover_later(ImportJob.objects.get(pk=job.pk))
    else:
        load = storage.plan_load

        def slow_load(name: str) -> Any:
            plan = load(name)
            _recover_later(ImportJob.objects.get(pk=job.pk))
            return plan

        monkeypatch.setattr(storage, "plan_load", slow_load)
    job = service.import_job_run(job=job)  # the worker carries on with the job it read before the pause
    stored = ImportJob.objects.get(pk=job.pk)
    assert stored.status == ImportStatus.FAILED and stored.file_issues[-1]["code"] == "stalled"
    assert (stored.created_workers, Worker.objects.count(), Membership.objects.count()) == (0, workers, members)
    assert job.status == ImportStatus.FAILED
    assert not storage.directory().joinpath(f"job-{job.pk}.progress.json").exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_failed_by_a_recovery_on_another_connection_mid_write_rolls_back(world: World) -> None:
    """PostgreSQL: the recovery commits while the import's transaction is open; the import then keeps nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: the open write transaction holds the database's lock; no recovery can commit meanwhile")
    job = _confirmed(world)
    recovered: list[dict[str, int]] = []

    def recover_elsewhere() -> None:
        try:
            recovered.append(jobs_recover(now=timezone.now() + DEAD))
        finally:
            connections.close_all()

    def mid_write(done: int, total: int) -> None:
        if not recovered:
            other = threading.Thread(target=recover_elsewhere)
            other.start()
            other.join(timeout=30)

    job = service.import_job_run(job=job, on_progress=mid_write)
    stored = ImportJob.objects.get(pk=job.pk)
    assert recovered[0]["registry.ImportJob"] == 1 and stored.status == ImportStatus.FAILED
    assert stored.file_issues[-1]["code"] == "stalled" and not Worker.objects.filter(import_job=job).exists()


def test_an_import_on_time_writes_its_rows_and_the_job_done_together(world: World) -> None:
    job = service.import_job_run(job=_confirmed(world))
    stored = ImportJob.objects.get(pk=job.pk)
    assert (stored.status, stored.created_workers, stored.stage_name) == (ImportStatus.DONE, 3, "")
    assert Worker.objects.filter(import_job=job).count() == 3


def test_an_import_failed_as_stalled_while_validating_keeps_no_preview(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lindung.registry.imports import validate

    upload = service.import_job_create(
        user=world.users["coordinator"], kind=ImportKind.EMPLOYER_WORKERS, region=world.medan,
        file_name="daftar.csv", data=files.csv_bytes(GOOD_ROWS),
    ).job  # fmt: skip

    def slow_validation(*args: Any) -> Any:
        result = validate.validate_file(*args)
        _recover_later(ImportJob.objects.get(pk=upload.pk))  # the file took the worker past the limit
        return result

    monkeypatch.setattr(service, "validate_file", slow_validation)
    job = service.import_job_validate(job=upload)
    stored = ImportJob.objects.get(pk=job.pk)
    assert (stored.status, stored.stage_name, stored.issues.count()) == (ImportStatus.FAILED, "", 0)
    assert stored.file_issues[-1]["code"] == "stalled" and not list(storage.directory().glob("*.plan"))


def test_a_heartbeat_of_a_job_failed_meanwhile_stops_its_worker(world: World) -> None:
    job = _statement(world)
    assert job.claim()
    _recover_later(StatementImportJob.objects.get(pk=job.pk))
    with pytest.raises(JobLost):
        job.progress("matching", 1, 2)
    assert StatementImportJob.objects.get(pk=job.pk).phase == ""  # the failed record is not touched


@pytest.mark.django_db(transaction=True)
def test_sqlite_a_recovery_meeting_an_import_mid_write_leaves_the_job_working_without_an_error(world: World) -> None:
    """SQLite: the import's open write transaction holds the database's lock past the recovery's busy timeout.
    The recovery treats the job as alive (it is writing) instead of failing with "database is locked"."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL: the recovery commits meanwhile (the test above)")
    job = _confirmed(world)
    outcome: list[object] = []

    def recover_elsewhere() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 200")  # not the 20 s of the settings: the test stays fast
            outcome.append(jobs_recover(now=timezone.now() + DEAD))
        except Exception as exc:  # kept as the test's finding
            outcome.append(exc)
        finally:
            connections.close_all()

    def mid_write(done: int, total: int) -> None:
        if not outcome:
            other = threading.Thread(target=recover_elsewhere)
            other.start()
            other.join(timeout=30)

    job = service.import_job_run(job=job, on_progress=mid_write)
    assert outcome and not isinstance(outcome[0], Exception), outcome
    assert outcome[0]["registry.ImportJob"] == 0  # type: ignore[index]
    stored = ImportJob.objects.get(pk=job.pk)
    assert stored.status == ImportStatus.DONE and Worker.objects.filter(import_job=job).count() == 3
