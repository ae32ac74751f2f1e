"""Bank statements as background jobs: the request keeps the file, the task worker records it (all lines or none)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.billing import statement_csv
from lindung.billing.models import Invoice, Receipt, StatementImport, StatementImportJob
from lindung.billing.services import statement_job_create, statement_job_messages
from lindung.billing.services import statement_jobs as jobs_service
from lindung.billing.statement_csv import parse_statement, problem_messages, statement_check
from lindung.billing.tasks import statement_import_task
from lindung.core.models import AuditEntry
from lindung.registry.imports import storage
from tests.billing.conftest import JAN, TODAY, Billing, bill, client_for, invoice_of

#: The real task worker commits and closes its connection (on PostgreSQL), so its tests run outside a test transaction.
WITH_WORKER = pytest.mark.django_db(transaction=True)
HEADER = "tanggal;keterangan;jumlah;no_va;nama;no_transaksi\n"


def _work() -> None:
    """Run the real task worker over the queue (django-tasks, database backend) until it is empty."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def _line(invoice: Invoice, tx: str = "T1") -> str:
    return f"2026-02-10;IURAN {invoice.code};{invoice.amount_due};;Budi Uji;{tx}\n"


def _create(billing: Billing, text: str, name: str = "rk.csv") -> StatementImportJob:
    return statement_job_create(
        user=billing.world.users["branch_officer"], region=billing.world.medan, filename=name, content=text.encode()
    )


def _upload(billing: Billing, text: str, name: str = "rk.csv") -> StatementImportJob:
    """Upload through the service, queue the job as the page does, and let the worker run it."""
    job = _create(billing, text, name)
    statement_import_task.enqueue(job.pk)
    _work()
    job.refresh_from_db()
    return job


@WITH_WORKER
def test_an_upload_is_queued_then_matched_and_recorded_by_the_worker(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    pu, city = invoice_of(billing.pu, JAN), invoice_of(billing.city[0], JAN)
    job = _create(billing, HEADER + _line(pu) + _line(city, tx="T2"))
    assert (job.status, job.statement) == ("queued", None) and not Receipt.objects.exists()
    staged = storage.directory() / job.stage_name
    assert staged.exists() and b"Budi Uji" not in staged.read_bytes()  # payers' names wait encrypted
    statement_import_task.enqueue(job.pk)
    _work()
    job.refresh_from_db()
    assert (job.status, job.phase, job.done_lines, job.total_lines, job.problems) == ("done", "", 2, 2, [])
    assert job.statement is not None and job.finished_at is not None
    statement = job.statement
    assert (statement.new_count, statement.matched_count, statement.suspense_count) == (2, 2, 0)
    assert statement.imported_by == billing.world.users["branch_officer"]
    pu.refresh_from_db()
    assert pu.status == "paid"
    assert job.stage_name == "" and not staged.exists()  # the file is gone once read
    entry = AuditEntry.objects.get(action="statement_import")
    assert entry.actor_label == "bpjs" and "Budi Uji" not in str(entry.after)


@WITH_WORKER
@pytest.mark.parametrize(
    ("text", "message", "english"),
    [
        ("tanggal;jumlah;keterangan;saldo\n2026-02-01;1000;x;5\n", "Kolom tidak dikenal: saldo", "saldo"),
        ("tanggal;keterangan;jumlah\n2026-02-01;x;0\n2026-02-01;x;1000\n", "baris 2: jumlah Rp 0.", "line 2"),
        ("tanggal;keterangan;jumlah\n2026-02-01;x;1000\n2026-02-01;x;1000\n", "sama persis dengan baris 2", "line 3"),
        ("tanggal;keterangan;jumlah\n01/01/0001;x;1000\n", "baris 2: Tanggal terima 0001-01-01 sebelum Juli", "2015"),
        (b"tanggal;keterangan;jumlah\n2026-02-01;\xff;1000\n".decode("latin-1"), "bukan teks UTF-8", "UTF-8"),
    ],
)
def test_a_bad_file_fails_its_job_with_worded_problems_and_records_nothing(
    billing: Billing, text: str, message: str, english: str
) -> None:
    bill(billing.world.medan, JAN)
    content = text.encode("latin-1") if "UTF-8" in message else text.encode()
    job = statement_job_create(
        user=billing.world.users["branch_officer"], region=billing.world.medan, filename="rk.csv", content=content
    )
    statement_import_task.enqueue(job.pk)
    _work()
    job.refresh_from_db()
    assert job.status == "failed" and job.problem_count >= 1 and job.statement is None
    assert all(isinstance(p["code"], str) for p in job.problems)  # codes, worded only on display
    indonesian = " ".join(statement_job_messages(job))
    assert message in indonesian, indonesian
    with translation.override("en"):
        worded = " ".join(statement_job_messages(job))
    assert english in worded and worded != indonesian
    assert not Receipt.objects.exists() and not StatementImport.objects.exists() and job.stage_name == ""


@WITH_WORKER
def test_the_same_file_twice_never_counts_a_line_twice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    text = HEADER + _line(invoice_of(billing.pu, JAN))
    first = _create(billing, text)
    with pytest.raises(ValidationError, match="sedang diproses"):  # while the first still waits: refused at once
        _create(billing, text, "lagi.csv")
    # Two requests that passed that check together: both jobs are queued, the second stops when it starts.
    racing = StatementImportJob.objects.create(
        region=first.region, uploaded_by=first.uploaded_by, file_name="lagi.csv", file_sha256=first.file_sha256,
        stage_name=storage.upload_save(text.encode()),
    )  # fmt: skip
    statement_import_task.enqueue(first.pk)
    statement_import_task.enqueue(racing.pk)
    statement_import_task.enqueue(first.pk)  # queued twice: runs once
    _work()
    first.refresh_from_db()
    racing.refresh_from_db()
    assert (first.status, racing.status) == ("done", "failed")
    assert "sudah diimpor" in " ".join(statement_job_messages(racing)) and racing.stage_name == ""
    assert Receipt.objects.count() == 1 and StatementImport.objects.count() == 1
    assert invoice_of(billing.pu, JAN).paid_amount == 554_400
    with pytest.raises(ValidationError, match="sudah diimpor"):  # once imported: refused at once, no job
        _create(billing, text, "ketiga.csv")
    assert StatementImportJob.objects.count() == 2


@WITH_WORKER
def test_progress_moves_through_reading_matching_and_recording(
    billing: Billing, monkeypatch: pytest.MonkeyPatch
) -> None:
    bill(billing.world.medan, JAN)
    monkeypatch.setattr(statement_csv, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(jobs_service, "MATCH_CHUNK", 2)
    seen: list[tuple[str, int, int]] = []
    bar: list[int] = []
    beats: list[Any] = []
    shown: list[str] = []
    real = StatementImportJob.progress

    def spy(job: StatementImportJob, *args: Any) -> None:
        real(job, *args)
        stored = StatementImportJob.objects.get(pk=job.pk)  # what the polling page reads
        seen.append((stored.phase, stored.done_lines, stored.total_lines))
        bar.append(stored.percent)
        beats.append(stored.heartbeat_at)
        shown.append(render_to_string("billing/_statement_progress.html", {"job": stored}))

    monkeypatch.setattr(StatementImportJob, "progress", spy)
    lines = [_line(invoice_of(m, JAN), tx=f"T{i}") for i, m in enumerate([billing.pu, billing.sponsor, *billing.city])]
    job = _upload(billing, HEADER + "".join(lines))
    assert job.status == "done"
    assert seen[0] == ("reading", 0, 0)
    assert [done for phase, done, _total in seen if phase == "reading"][1:] == [1, 2, 3, 4, 5, 5]
    assert [done for phase, done, _total in seen if phase == "matching"] == [0, 2, 4, 5]  # lines matched so far
    assert seen[-1] == ("recording", 0, 5)
    assert {total for _p, _d, total in seen[1:]} == {5}
    assert bar == sorted(bar) and bar[-1] == 90 and bar.count(50) == 3  # the bar moves on through every phase
    assert all(beat is not None for beat in beats) and beats == sorted(beats)  # each step is a heartbeat
    assert any("mencocokkan dengan tagihan 2 / 5" in page for page in shown) and "mencatat penerimaan" in shown[-1]


@WITH_WORKER
def test_the_page_queues_the_job_polls_its_progress_and_shows_the_result(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    url = reverse("billing_statement_import")
    officer = client_for(billing.world, "branch_officer")
    assert client_for(billing.world, "coordinator").get(url).status_code == 404
    upload = SimpleUploadedFile("rk.csv", (HEADER + _line(invoice_of(billing.pu, JAN))).encode())
    queued = officer.post(url, {"file": upload}, follow=True).content.decode()
    job = StatementImportJob.objects.get()
    assert job.status == "queued" and 'data-testid="statement-progress"' in queued
    assert not Receipt.objects.exists()  # nothing recorded in the request
    status_url = reverse("billing_statement_job_progress", args=[job.pk])
    polling = officer.get(status_url)
    assert "hx-get" in polling.content.decode() and "HX-Refresh" not in polling
    assert client_for(billing.world, "employer").get(status_url).status_code == 404
    _work()
    assert officer.get(status_url)["HX-Refresh"] == "true"
    done = html.unescape(officer.get(url).content.decode())
    assert "1 baris baru: 1 cocok otomatis, 0 ke suspense" in done
    bad = SimpleUploadedFile("rusak.csv", b"tanggal;keterangan;jumlah\n2026-02-01;x;-5\n")
    officer.post(url, {"file": bad})
    _work()
    page = html.unescape(officer.get(url).content.decode())
    assert "baris 2: jumlah negatif" in page and "Berkas ditolak, tidak ada yang dicatat" in page


@WITH_WORKER
def test_the_api_answers_202_with_a_status_url_scoped_to_the_caller(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    officer = client_for(billing.world, "branch_officer")
    text = HEADER + _line(invoice_of(billing.pu, JAN))
    posted = officer.post("/api/v1/billing/statements", {"file": SimpleUploadedFile("rk.csv", text.encode())})
    assert posted.status_code == 202, posted.content
    body = posted.json()
    assert body["status"] == "queued" and body["status_url"] == f"/api/v1/billing/statement-jobs/{body['id']}"
    assert not Receipt.objects.exists()
    _work()
    done = officer.get(body["status_url"]).json()
    assert (done["status"], done["new_count"], done["matched_count"], done["total_lines"]) == ("done", 1, 1, 1)
    assert done["total_amount"] == 554_400 and done["messages"] == []
    for role in ("employer", "coordinator", "agency_officer"):
        assert client_for(billing.world, role).get(body["status_url"]).status_code == 404
    again = officer.post("/api/v1/billing/statements", {"file": SimpleUploadedFile("lagi.csv", text.encode())})
    assert again.status_code == 400 and "sudah diimpor" in again.json()["detail"]
    foreign = officer.post(
        "/api/v1/billing/statements", {"file": SimpleUploadedFile("b.csv", b"x"), "region_code": "12.75"}
    )
    assert foreign.status_code == 404
    auditor = client_for(billing.world, "auditor")  # reads the region, records no money: no region to post to
    refused = auditor.post("/api/v1/billing/statements", {"file": SimpleUploadedFile("c.csv", text.encode())})
    assert refused.status_code == 404 and StatementImportJob.objects.count() == 1


AMOUNTS = st.one_of(
    st.integers(min_value=-(10**13), max_value=10**13).map(str), st.text("0123456789.,-Rp ", max_size=14)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=6))
def test_problems_kept_as_codes_word_exactly_what_the_synchronous_import_says(amounts: list[str]) -> None:
    text = "tanggal;keterangan;jumlah\n" + "".join(f"2026-02-0{i % 9 + 1};x{i};{a}\n" for i, a in enumerate(amounts))
    lines, problems = statement_check(text.encode(), region_code="12.71", today=TODAY)
    assert all("line" in p and isinstance(p["line"], int) for p in problems)
    assert len(lines) + len(problems) == len(amounts)
    try:
        parse_statement(text.encode(), region_code="12.71", today=TODAY)
    except ValidationError as refused:
        assert refused.messages == problem_messages(problems, len(problems))
    else:
        assert problems == []
