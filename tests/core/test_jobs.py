"""Background jobs never stay stuck: a job whose worker died is failed with its reason, and can be uploaded again."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from lindung.billing.models import Receipt, StatementImportJob
from lindung.billing.services import statement_job_create, statement_job_messages, statement_job_run
from lindung.core.jobs import BackgroundJob, jobs_recover
from lindung.core.tasks import jobs_recover_schedule, jobs_recover_task
from lindung.programmes.models import DecileUploadJob
from lindung.programmes.services.deciles import decile_upload_create, decile_upload_messages
from lindung.programmes.tasks import late_steps_schedule
from lindung.registry.imports import service, storage
from lindung.registry.imports.messages import describe
from lindung.registry.models import ImportJob, ImportKind, ImportStatus
from tests.billing.conftest import client_for
from tests.factories import World
from tests.programmes.builders import TODAY, make_programme

STATEMENT = b"tanggal;keterangan;jumlah;no_va;nama;no_transaksi\n2026-02-10;IURAN X;554400;;Budi Uji;T1\n"
DEAD = dt.timedelta(minutes=31)  # past the 30-minute limit


@pytest.fixture(autouse=True)
def _no_files_left() -> Iterator[None]:
    """Jobs that never ran keep their staged files: remove them, as other tests count what is staged."""
    before = set(storage.directory().iterdir())
    yield
    for path in set(storage.directory().iterdir()) - before:
        path.unlink(missing_ok=True)


def _statement(world: World) -> StatementImportJob:
    user = world.users["branch_officer"]
    return statement_job_create(user=user, region=world.medan, filename="rk.csv", content=STATEMENT)


def _decile(world: World) -> DecileUploadJob:
    return decile_upload_create(
        programme=make_programme(world), data=b"NIK,Desil\n1271015505000001,2\n", file_name="desil.csv",
        source="dtks", as_of=dt.date(2025, 8, 1), user=world.users["coordinator"], today=TODAY,
    )  # fmt: skip


def _import(world: World, data: bytes = b"nik,nama\n1\n") -> ImportJob:
    return service.import_job_create(
        user=world.users["coordinator"], kind=ImportKind.EMPLOYER_WORKERS, region=world.medan,
        file_name="daftar.csv", data=data,
    ).job  # fmt: skip


def _silent_since(job: BackgroundJob, ago: dt.timedelta, status: str | None = None) -> None:
    """The state a worker leaves behind when it is killed: working, its last heartbeat ``ago``."""
    fields: dict[str, Any] = {"heartbeat_at": timezone.now() - ago}
    if status is not None:
        fields["status"] = status
    type(job).objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()


def _progress_file_at(job: ImportJob, ago: dt.timedelta) -> None:
    storage.progress_report(job.pk, phase="importing", done=1, total=2)
    stamp = (timezone.now() - ago).timestamp()
    os.utime(storage.directory() / f"job-{job.pk}.progress.json", (stamp, stamp))


def test_a_statement_whose_worker_died_shows_failed_says_why_and_can_be_uploaded_again(world: World) -> None:
    job = _statement(world)
    staged = storage.directory() / job.stage_name
    assert job.claim()
    job.progress("reading", 1, 1)  # the worker read the file, then was killed
    officer = client_for(world, "branch_officer")
    status_url = reverse("billing_statement_job_progress", args=[job.pk])
    assert "hx-get" in officer.get(status_url).content.decode()  # alive: the page polls
    with time_machine.travel(timezone.now() + DEAD):
        polled = officer.get(status_url)
        page = html.unescape(officer.get(reverse("billing_statement_import")).content.decode())
    job.refresh_from_db()
    assert (job.status, job.problems, job.stage_name, job.phase) == (
        "failed",
        [{"code": "stalled", "params": {"minutes": 30}}],
        "",
        "",
    )
    assert 'data-status="failed"' in polled.content.decode() and "hx-get" not in polled.content.decode()
    assert polled["HX-Refresh"] == "true" and not staged.exists()
    assert "tidak memberi kabar selama 30 menit. Tidak ada yang disimpan. Unggah berkas lagi." in page
    with translation.override("en"):
        assert "no sign of life for 30 minutes" in " ".join(statement_job_messages(job))
    assert statement_job_run(job=job).status == "failed" and not Receipt.objects.exists()  # a late task: nothing
    again = _statement(world)  # the same file: accepted again, nothing of the dead job was recorded
    assert again.status == "queued" and again.pk != job.pk


def test_recovery_fails_only_jobs_working_without_a_heartbeat_past_the_limit(world: World) -> None:
    dead_statement, live_statement, waiting_statement = _statement(world), _statement_other(world), None
    _silent_since(dead_statement, DEAD, "running")
    _silent_since(live_statement, dt.timedelta(minutes=29), "running")
    waiting_statement = StatementImportJob.objects.create(region=world.medan, file_name="w.csv", file_sha256="0")
    StatementImportJob.objects.filter(pk=waiting_statement.pk).update(created_at=timezone.now() - 10 * DEAD)
    dead_decile = _decile(world)
    _silent_since(dead_decile, DEAD, "running")
    dead_import, busy_import, queued_import = _import(world), _import(world, b"x\n"), _import(world, b"y\n")
    _silent_since(dead_import, DEAD, ImportStatus.IMPORTING)
    _progress_file_at(dead_import, DEAD)
    _silent_since(busy_import, DEAD, ImportStatus.IMPORTING)
    _progress_file_at(busy_import, dt.timedelta(minutes=1))  # writing in one transaction: its progress file beats
    ImportJob.objects.filter(pk=queued_import.pk).update(
        status=ImportStatus.IMPORTING, created_at=timezone.now() - DEAD
    )
    out = io.StringIO()
    call_command("jobs_recover", stdout=out)
    assert "billing.StatementImportJob: 1 job(s) failed after 30 min" in out.getvalue()
    assert "programmes.DecileUploadJob: 1" in out.getvalue() and "registry.ImportJob: 1" in out.getvalue()
    for job in (
        dead_statement,
        live_statement,
        waiting_statement,
        dead_decile,
        dead_import,
        busy_import,
        queued_import,
    ):
        job.refresh_from_db()
    assert [j.status for j in (dead_statement, live_statement, waiting_statement)] == ["failed", "running", "queued"]
    assert dead_decile.status == "failed" and dead_decile.stage_name == ""
    assert "30 menit" in " ".join(decile_upload_messages(dead_decile))
    assert (dead_import.status, busy_import.status, queued_import.status) == ("failed", "importing", "importing")
    issue = dead_import.file_issues[-1]
    assert issue["code"] == "stalled" and "30 menit" in describe(issue["code"], issue["params"])[0]
    assert not (storage.directory() / f"job-{dead_import.pk}.progress.json").exists()
    assert _import(world).pk != dead_import.pk  # the same file again: a new job, not the dead one
    assert jobs_recover() == {
        "billing.StatementImportJob": 0,
        "coverage.CoverageReportJob": 0,
        "programmes.DecileUploadJob": 0,
        "registry.ImportJob": 0,
    }


def _statement_other(world: World) -> StatementImportJob:
    user = world.users["branch_officer"]
    return statement_job_create(user=user, region=world.medan, filename="b.csv", content=STATEMENT + b"\n")


def test_a_worker_that_beats_between_the_check_and_the_write_keeps_its_job(world: World) -> None:
    job = _statement(world)
    _silent_since(job, DEAD, "running")
    seen_dead = StatementImportJob.objects.get(pk=job.pk)
    job.progress("matching", 1, 1)  # the worker was only slow: it beats now
    assert not seen_dead.recover_if_stalled()
    assert seen_dead.status == "running" and (storage.directory() / job.stage_name).exists()


@pytest.mark.django_db(transaction=True)
def test_the_recovery_keeps_itself_queued_and_the_daily_path_queues_it(world: World) -> None:
    recoveries = DBTaskResult.objects.filter(task_path=jobs_recover_task.module_path, status=TaskResultStatus.READY)
    assert late_steps_schedule() and recoveries.count() == 1
    assert not jobs_recover_schedule() and recoveries.count() == 1  # once
    dead = _statement(world)
    _silent_since(dead, DEAD, "running")
    recoveries.delete()
    assert jobs_recover_task.call(True)["billing.StatementImportJob"] == 1
    assert recoveries.count() == 1  # the next one
    nxt = recoveries.get()
    assert dt.timedelta(minutes=9) < nxt.run_after - timezone.now() <= dt.timedelta(minutes=10)


PHASES = ["reading", "matching", "recording"]


@given(st.sampled_from(PHASES), st.integers(0, 10**7), st.integers(0, 10**7))
def test_the_statement_bar_only_moves_forward_through_its_phases(phase: str, a: int, b: int) -> None:
    done, total = min(a, b), max(a, b)
    job = StatementImportJob(phase=phase, done_lines=done, total_lines=total)
    start, end = StatementImportJob.PHASES[phase]
    assert start <= job.percent <= end  # a later phase never shows less than an earlier one
    if total and done == total:
        assert job.percent == end
    spans = [StatementImportJob.PHASES[p] for p in PHASES]
    assert spans[0][0] == 0 and spans[-1][1] == 100 and all(a[1] == b[0] for a, b in pairwise(spans))


def test_the_decile_and_import_pages_show_a_dead_job_failed_instead_of_polling(world: World) -> None:
    decile, upload = _decile(world), _import(world)
    _silent_since(decile, DEAD, "running")
    _silent_since(upload, DEAD, ImportStatus.VALIDATING)
    coordinator = client_for(world, "coordinator")
    decile_url = reverse("programmes:decile_upload_status", args=[decile.programme_id, decile.pk])
    for url in (decile_url, reverse("registry:import_status", args=[upload.pk])):
        polled = coordinator.get(url)
        assert polled["HX-Refresh"] == "true" and "hx-get" not in polled.content.decode()
    detail = html.unescape(coordinator.get(reverse("registry:import_detail", args=[upload.pk])).content.decode())
    assert "tidak memberi kabar selama 30 menit" in detail
    decile.refresh_from_db()
    upload.refresh_from_db()
    assert (decile.status, upload.status) == ("failed", ImportStatus.FAILED)
