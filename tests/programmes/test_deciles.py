"""Poverty deciles: uploaded as NIK + desil, applied by the task worker (all rows or none), weighed in the ranking."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lindung.core.audit import audit_verify
from lindung.core.models import AuditEntry
from lindung.programmes.models import Criterion, DecileUploadJob, PovertyDecile, Programme, decile_points
from lindung.programmes.selectors.eligibility import assess_ids, waiting_list
from lindung.programmes.services import deciles
from lindung.programmes.services.deciles import decile_upload_create, decile_upload_messages
from lindung.programmes.tasks import decile_upload_task
from lindung.registry.imports import storage
from tests.factories import World, make_worker
from tests.programmes.builders import TODAY, make_programme

AS_OF = dt.date(2025, 8, 1)
#: The real task worker commits and closes its connection (on PostgreSQL), so its tests run outside a test transaction.
WITH_WORKER = pytest.mark.django_db(transaction=True)


def _csv(rows: list[tuple[str, str]]) -> bytes:
    return ("NIK,Desil\n" + "".join(f"{nik},{decile}\n" for nik, decile in rows)).encode()


def _work() -> None:
    """Run the real task worker over the queue (django-tasks, database backend) until it is empty."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def _upload(world: World, data: bytes, name: str = "desil.csv", user: str = "coordinator") -> DecileUploadJob:
    """Upload through the service, queue the job as the page does, and let the worker run it."""
    programme = Programme.objects.filter(region=world.medan).first() or make_programme(world)
    job = decile_upload_create(programme=programme, data=data, file_name=name, source="dtks", as_of=AS_OF,
                               user=world.users[user], today=TODAY)  # fmt: skip
    decile_upload_task.enqueue(job.pk)
    _work()
    job.refresh_from_db()
    return job


def _workers(world: World, n: int) -> list[tuple[str, int]]:
    made = []
    for i in range(n):
        nik = f"1271015505{i:06d}"
        worker = make_worker(world.medan, nik, f"Desil {i}", world.agency)
        worker.vulnerability_category = "ojek_driver"
        worker.save()
        made.append((nik, worker.pk))
    return made


@WITH_WORKER
def test_an_upload_job_records_each_decile_with_its_source_and_date(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deciles, "LOOKUP_CHUNK", 1)  # the look-up in several queries finds every worker
    (nik_a, a), (nik_b, b) = _workers(world, 2)
    staged = set(storage.directory().glob("*.upload"))  # other tests' uploads, still waiting for confirmation
    job = _upload(world, _csv([(nik_a, "1"), (nik_b, "7")]))
    assert (job.status, job.written, job.replaced, job.total_rows, job.done_rows) == ("done", 2, 0, 2, 2)
    assert dict(PovertyDecile.objects.values_list("worker_id", "decile")) == {a: 1, b: 7}
    assert set(PovertyDecile.objects.values_list("source", "as_of")) == {("dtks", AS_OF)}
    entry = AuditEntry.objects.filter(action="poverty_deciles_upload").get()
    assert entry.actor_label == "koordinator" and nik_a not in str(entry.after)  # no NIK in the audit log
    assert job.stage_name == "" and set(storage.directory().glob("*.upload")) == staged  # its file is gone
    again = _upload(world, _csv([(nik_a, "2")]))
    assert (again.written, again.replaced) == (1, 1)
    assert PovertyDecile.objects.get(worker_id=a).decile == 2
    assert audit_verify().ok


@WITH_WORKER
def test_an_xlsx_upload_reads_the_same_columns(world: World) -> None:
    ((nik, worker),) = _workers(world, 1)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Desil"])
    sheet.append([nik, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _upload(world, buffer.getvalue(), "desil.xlsx").status == "done"
    assert PovertyDecile.objects.get(worker_id=worker).decile == 3


@WITH_WORKER
def test_a_bad_file_fails_its_job_naming_each_bad_row_and_nothing_is_written(world: World) -> None:
    (nik_a, a), (nik_b, _b) = _workers(world, 2)
    rows = [(nik_a, "1"), ("12345", "2"), (nik_b, "11"), (nik_a, "3"), ("1271011708999999", "4")]
    job = _upload(world, _csv(rows))
    assert job.status == "failed" and job.problem_count == 4
    text = " ".join(decile_upload_messages(job))
    assert "Baris 3: NIK harus 16 digit" in text
    assert "Baris 4: desil harus bilangan bulat 1 sampai 10" in text
    assert "Baris 5: NIK sama dengan baris 2" in text
    assert "Baris 6: NIK tidak terdaftar" in text
    assert "Tidak ada data yang disimpan" in text
    assert nik_a not in text and nik_a not in str(job.problems)  # rows are named, NIKs are not kept or echoed
    assert not PovertyDecile.objects.exists() and job.stage_name == ""
    assert not AuditEntry.objects.filter(action="poverty_deciles_upload").exists()
    _upload(world, _csv([(nik_a, "5")]))  # a good file later replaces nothing it should not
    assert dict(PovertyDecile.objects.values_list("worker_id", "decile")) == {a: 5}


@WITH_WORKER
def test_many_bad_rows_keep_the_first_and_count_the_rest(world: World) -> None:
    job = _upload(world, _csv([(f"12345{i}", "1") for i in range(300)]))
    assert (job.status, job.problem_count, len(job.problems)) == ("failed", 300, 200)
    messages = decile_upload_messages(job)
    assert len(messages) == 21 and "280 kesalahan lain" in messages[-1]


@WITH_WORKER
def test_a_file_without_the_columns_or_unreadable_fails_its_job(world: World) -> None:
    _workers(world, 1)
    missing = _upload(world, b"nomor,nilai\n1,2\n")
    assert missing.status == "failed" and "kolom NIK dan desil" in decile_upload_messages(missing)[0]
    unreadable = _upload(world, b"PK\x03\x04 not a workbook", "desil.xlsx")
    assert unreadable.status == "failed" and len(decile_upload_messages(unreadable)) == 2


def test_a_future_date_an_empty_file_or_an_agency_officer_is_refused_before_any_job(world: World) -> None:
    programme = make_programme(world)

    def create(**changes: Any) -> DecileUploadJob:
        data = _csv([("1271015505000000", "1")])
        base = {"programme": programme, "data": data, "file_name": "d.csv", "source": "dtks", "as_of": AS_OF}
        return decile_upload_create(**{**base, "user": world.users["coordinator"], "today": TODAY, **changes})

    with pytest.raises(ValidationError, match="setelah hari ini"):
        create(as_of=TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="kosong"):
        create(data=b"")
    with pytest.raises(ValidationError, match="sumber"):
        create(source="bps")
    with pytest.raises(PermissionDenied):
        create(user=world.users["agency_officer"])
    assert not DecileUploadJob.objects.exists()


@WITH_WORKER
def test_the_decile_weighs_in_the_ranking_graded_and_readable(world: World) -> None:
    programme = make_programme(world)
    (nik_1, first), (nik_4, fourth), (nik_9, ninth), (_nik, unknown) = _workers(world, 4)
    _upload(world, _csv([(nik_1, "1"), (nik_4, "4"), (nik_9, "9")]))
    found = assess_ids(programme=programme, worker_ids=[first, fourth, ninth, unknown], as_of=TODAY)
    weight = programme.weight(Criterion.POVERTY)
    base = found[unknown].score
    assert found[first].score - base == weight
    assert found[fourth].score - base == weight // 4
    assert found[ninth].score == base
    assert Criterion.POVERTY in found[first].criteria and Criterion.POVERTY not in found[ninth].criteria
    assert (found[first].decile, found[first].decile_source, found[first].decile_as_of) == (1, "dtks", AS_OF)
    ranked = waiting_list(programme=programme, user=world.users["coordinator"], as_of=TODAY).worker_ids()
    assert ranked.index(first) < ranked.index(fourth) < ranked.index(unknown)


@given(st.integers(min_value=0, max_value=200), st.one_of(st.none(), st.integers(min_value=-3, max_value=14)))
def test_decile_points_never_exceed_the_weight_and_fall_with_the_decile(weight: int, decile: int | None) -> None:
    points = decile_points(weight, decile)
    assert 0 <= points <= weight
    if decile is not None and 1 <= decile < 4:
        assert points >= decile_points(weight, decile + 1)
    if decile is None or not 1 <= decile <= 4:
        assert points == 0


@WITH_WORKER
def test_the_upload_page_queues_the_job_polls_its_progress_and_shows_the_result(world: World) -> None:
    programme = make_programme(world)
    ((nik, worker),) = _workers(world, 1)
    url = reverse("programmes:decile_upload", args=[programme.pk])
    officer = Client()
    officer.force_login(world.users["agency_officer"])
    assert officer.get(url).status_code == 403
    client = Client()
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == 200
    form = {"source": "p3ke", "as_of": "2025-08-01"}
    queued = client.post(url, {**form, "file": SimpleUploadedFile("d.csv", _csv([(nik, "0")]))}, follow=True)
    job = DecileUploadJob.objects.get()
    assert job.status == "queued" and 'data-testid="decile-progress"' in queued.content.decode()
    status_url = reverse("programmes:decile_upload_status", args=[programme.pk, job.pk])
    polling = client.get(status_url)
    assert "hx-get" in polling.content.decode() and "HX-Refresh" not in polling
    assert officer.get(status_url).status_code == 403
    _work()
    assert client.get(status_url)["HX-Refresh"] == "true"
    bad = client.get(url).content.decode()
    assert "Baris 2: desil harus bilangan bulat" in bad and "Tidak ada data yang disimpan" in bad
    client.post(url, {**form, "file": SimpleUploadedFile("d.csv", _csv([(nik, "2")]))})
    _work()
    assert "1 desil disimpan" in client.get(url).content.decode()
    assert PovertyDecile.objects.get(worker_id=worker).source == "p3ke"
    page = client.get(reverse("programmes:waiting_list", args=[programme.pk])).content.decode()
    assert "18–65" in page and "Unggah desil" in page
    foreign = Programme.objects.create(region=world.other, year=2026, name="B", budget=1, programs=3,
                                       declared_income=1_000_000)  # fmt: skip
    assert client.get(reverse("programmes:decile_upload_status", args=[foreign.pk, job.pk])).status_code == 404
