"""Billing pages as a branch officer and an employer read them (session 12, found by walking the demo).

The run page said "Selesai" twice once a run was done (its status and its phase); a statement upload with a very
long file name stretched the upload card; the invoice list had no labels to stack into cards on a phone, answered
an unknown status filter with an empty list and, filtered to nothing, said there were no invoices in scope; counts
of a thousand or more lacked the thousands separator; the city's bill for a month without one showed nothing.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from lindung.billing.models import BillingRun, StatementImport
from lindung.billing.services import statement_job_create
from tests.billing.conftest import FEB, JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db

LONG_NAME = "\U0001f600" * 196 + ".csv"  # 200 characters: the longest name a job keeps


def _progress(billing: Billing, run: BillingRun) -> str:
    response = client_for(billing.world, "branch_officer").get(f"/tagihan/proses/{run.pk}/progres/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_finished_run_says_selesai_once(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN)
    assert (run.status, run.phase) == ("done", "done")
    html = _progress(billing, run)
    assert html.count("Selesai") == 1
    assert re.search(r'data-testid="run-status">Selesai<', html)
    assert 'data-testid="run-phase"' not in html


@pytest.mark.parametrize(
    ("status", "phase", "status_text", "phase_text"),
    [
        ("running", "adjustments", "Berjalan", "Menghitung penyesuaian"),
        ("failed", "finalize", "Gagal", "Berhenti pada tahap: Menerbitkan tagihan"),
        ("pending", "lines", "Menunggu", None),
    ],
)
def test_the_phase_shows_only_while_a_run_runs_or_where_it_stopped(
    billing: Billing, status: str, phase: str, status_text: str, phase_text: str | None
) -> None:
    run = bill(billing.world.medan, JAN)
    BillingRun.objects.filter(pk=run.pk).update(status=status, phase=phase)
    html = _progress(billing, run)
    assert f'data-testid="run-status">{status_text}<' in html
    shown = re.search(r'data-testid="run-phase">([^<]*)<', html)
    assert (shown.group(1) if shown else None) == phase_text


def test_a_long_statement_file_name_is_cut_with_the_full_name_in_its_title(billing: Billing) -> None:
    officer = billing.world.users["branch_officer"]
    statement_job_create(user=officer, region=billing.world.medan, filename=LONG_NAME, content=b"tanggal;jumlah\n")
    StatementImport.objects.create(region=billing.world.medan, imported_by=officer, filename=LONG_NAME)
    html = client_for(billing.world, "branch_officer").get("/tagihan/rekening-koran/").content.decode()
    for testid in ("statement-job-file", "import-file"):
        tag = re.search(rf'<span class="lindung-filename" title="([^"]*)" data-testid="{testid}">([^<]*)</span>', html)
        assert tag is not None, testid
        assert tag.group(1) == tag.group(2) == LONG_NAME


def test_each_invoice_value_carries_its_label_for_the_phone_cards(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    html = client_for(billing.world, "employer").get("/tagihan/faktur/").content.decode()
    assert 'class="table bg-white shadow-sm align-middle lindung-stack" data-testid="invoice-table"' in html
    assert re.search(r'<td class="text-end" data-label="Jumlah" data-testid="invoice-row-amount">Rp [\d.]+</td>', html)
    assert re.search(r'<td data-label="Status"><span class="badge [^"]*" data-testid="invoice-row-status">', html)


def test_an_unknown_status_filter_is_said_and_lists_every_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    employer = client_for(billing.world, "employer")
    response = employer.get("/tagihan/faktur/?status=lunas-semua")
    assert [str(m) for m in response.context["messages"]] == [
        "Status pada saringan tidak dikenal; tagihan dengan semua status ditampilkan."
    ]
    assert len(response.context["page"]) == len(employer.get("/tagihan/faktur/").context["page"]) > 0


def test_a_filter_matching_nothing_says_so_rather_than_nothing_in_scope(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    employer = client_for(billing.world, "employer")
    filtered = employer.get(f"/tagihan/faktur/?periode={FEB:%Y-%m}").content.decode()
    assert "Tidak ada tagihan yang cocok dengan saringan ini." in filtered
    assert "Tidak ada tagihan dalam cakupan Anda." not in filtered


def _compliance_row(people: int) -> Any:
    employer = SimpleNamespace(name="PT Uji", get_size_display="Besar")
    return SimpleNamespace(
        employer=employer, members=people, below_umk=people, missing_programs=0, headcount_before=None,
        headcount_now=people, labels=[],
    )  # fmt: skip


def test_counts_of_a_thousand_or_more_have_the_thousands_separator(
    billing: Billing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lindung.billing.selectors.employer_compliance", lambda **_: [_compliance_row(2606)] * 1234)
    html = client_for(billing.world, "branch_officer").get("/tagihan/kepatuhan/").content.decode()
    assert "1.234 pemberi kerja dengan tanda perlu diperiksa." in html
    assert '<td class="text-end">2.606</td>' in html and "– → 2.606" in html
    assert ">2606<" not in html


def test_the_city_bill_of_a_month_without_one_says_so(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    html = client_for(billing.world, "coordinator").get("/tagihan/kota/?periode=2030-01").content.decode()
    assert "Belum ada tagihan program kota untuk periode Januari 2030; pilih periode dari daftar." in html


@pytest.mark.parametrize(("language", "text"), [("id", "Rp 1.250.000"), ("en", "Rp 1,250,000")])
def test_an_overpayment_message_writes_the_amount_in_the_readers_style(
    billing: Billing, language: str, text: str
) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    officer = client_for(billing.world, "branch_officer")
    officer.cookies["django_language"] = language
    response = officer.post(
        f"/tagihan/faktur/{invoice.code}/",
        {"amount": invoice.outstanding + 1_250_000, "received_on": f"{JAN:%Y}-02-10", "reference": "uji"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(text in m for m in messages), messages
