"""Billing's pages as each role uses them: every link leads somewhere, typos get a message, letters say enough.

Found by exploratory testing of the demo: the worker's "Rekening iuran" tab answered 404, a mistyped invoice
code in suspense threw the officer onto a 404 page (an empty one said nothing), the dunning letter asked for
invoice codes it never listed, and the PDFs' page footer stayed Indonesian in English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lindung.billing import codes
from lindung.billing.models import Invoice, Receipt, ReceiptSource
from lindung.billing.selectors import account_arrears, account_statement
from tests.billing.conftest import FEB, JAN, TODAY, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def _messages(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_the_worker_statement_tab_leads_to_its_contributions_not_a_404(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    worker = client_for(billing.world, "worker")
    response = worker.get("/tagihan/rekening/saya/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/tagihan/faktur/"
    assert any("tidak punya rekening iuran sendiri" in m for m in _messages(response))
    assert [line.covers_period for line in response.context["contributions"]] == [JAN]
    assert client_for(billing.world, "agency_officer").get("/tagihan/rekening/saya/").status_code == 404


def test_an_employer_not_billed_yet_is_told_so_instead_of_a_404(billing: Billing) -> None:
    response = client_for(billing.world, "employer").get("/tagihan/rekening/saya/", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/tagihan/faktur/"
    assert any("Belum ada tagihan" in m for m in _messages(response))


def test_the_own_statement_tab_keeps_the_date_range_asked_for(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    employer = client_for(billing.world, "employer")
    response = employer.get("/tagihan/rekening/saya/?dari=2026-01-01&sampai=2026-01-31", follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0].endswith("?dari=2026-01-01&sampai=2026-01-31")
    assert (response.context["statement"].start, response.context["statement"].end) == (JAN, dt.date(2026, 1, 31))


def _suspense(billing: Billing) -> Receipt:
    return Receipt.objects.create(
        region=billing.world.medan,
        source=ReceiptSource.STATEMENT,
        amount=50_000,
        unallocated=50_000,
        received_on=TODAY - dt.timedelta(days=3),
    )


def _target(kind: str, billing: Billing) -> str:
    if kind == "unknown invoice":
        return codes.invoice_code(JAN, 99_999_999)
    if kind == "unknown virtual account":
        return codes.va_number(billing.world.medan.code, 99_999_999)
    if kind == "invoice of another region":
        return Invoice.objects.get(region=billing.world.other).code
    return ""


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("empty", "tidak boleh kosong"),
        ("unknown invoice", "tidak ada di wilayah anda"),
        ("unknown virtual account", "tidak ada di wilayah anda"),
        ("invoice of another region", "tidak ada di wilayah anda"),
    ],
)
def test_a_suspense_target_naming_nothing_in_scope_is_a_message_and_changes_nothing(
    billing: Billing, kind: str, message: str
) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.other, JAN)
    receipt = _suspense(billing)
    officer = client_for(billing.world, "branch_officer")
    data = {"target": _target(kind, billing)}
    response = officer.post(f"/tagihan/suspense/{receipt.pk}/cocokkan/", data, follow=True)
    assert response.status_code == 200
    assert any(message in m.lower() for m in _messages(response)), _messages(response)
    receipt.refresh_from_db()
    assert receipt.account_id is None and receipt.unallocated == 50_000


def test_the_dunning_letter_lists_the_invoice_codes_it_asks_the_payer_to_quote(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    officer, as_of = billing.world.users["branch_officer"], dt.date(2026, 4, 9)
    january, february = invoice_of(billing.pu, JAN), invoice_of(billing.pu, FEB)
    row = account_arrears(account=january.account, user=officer, as_of=as_of)
    assert row is not None and [inv.code for inv in row.overdue] == [january.code, february.code]
    letter = render_to_string("billing/pdf/dunning.html", {"row": row, "as_of": as_of})
    assert january.code in letter and february.code in letter
    response = client_for(billing.world, "branch_officer").get(
        f"/tagihan/tunggakan/{january.account_id}/surat-teguran.pdf"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_dunning_letter_cites_the_rate_and_regulation_of_its_fine(billing: Billing) -> None:
    """A private employer's late JKK/JKM/JHT carry 2 % a month (PP 44/2015), its JP 0.5 % (PP 45/2015)."""
    bill(billing.world.medan, JAN)
    officer, as_of = billing.world.users["branch_officer"], dt.date(2026, 4, 9)
    january = invoice_of(billing.pu, JAN)
    row = account_arrears(account=january.account, user=officer, as_of=as_of)
    assert row is not None and row.fine > 0
    by_rate = {b["rate"]: b for b in row.fine_bases}
    assert set(by_rate) == {Decimal(2), Decimal("0.5")}
    assert by_rate[Decimal(2)]["programs"] == "JKK, JKM, JHT" and "PP 44/2015" in by_rate[Decimal(2)]["regulation"]
    assert by_rate[Decimal("0.5")]["programs"] == "JP" and by_rate[Decimal("0.5")]["regulation"] == "PP 45/2015"
    with translation.override("id"):
        letter = render_to_string("billing/pdf/dunning.html", {"row": row, "as_of": as_of})
    assert "2% per bulan atas iuran JKK, JKM, JHT (PP 44/2015" in letter
    assert "0,5% per bulan atas iuran JP (PP 45/2015)" in letter
    with translation.override("en"):
        letter = render_to_string("billing/pdf/dunning.html", {"row": row, "as_of": as_of})
    assert "0.5% a month on the JP contributions (PP 45/2015)" in letter


def test_the_pdf_page_footer_follows_the_language() -> None:
    with translation.override("en"):
        assert 'content: "Page " counter(page)' in render_to_string("billing/pdf/_style.html")
    with translation.override("id"):
        assert 'content: "Halaman " counter(page)' in render_to_string("billing/pdf/_style.html")


def _texts(box: object) -> Iterator[str]:
    if hasattr(box, "text"):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def test_a_statement_pdf_over_two_pages_shows_the_closing_balance_once_at_the_end(billing: Billing) -> None:
    from weasyprint import HTML

    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    Receipt.objects.bulk_create(
        Receipt(
            region=billing.world.medan,
            account_id=invoice.account_id,
            source=ReceiptSource.MANUAL,
            amount=1_000,
            unallocated=1_000,
            received_on=JAN + dt.timedelta(days=day % 28),
        )
        for day in range(60)
    )
    statement = account_statement(account=invoice.account, start=JAN, end=TODAY)
    html = render_to_string("billing/pdf/statement.html", {"statement": statement, "generated_at": timezone.now()})
    pages = [" ".join(_texts(page._page_box)) for page in HTML(string=html).render().pages]
    assert len(pages) > 1
    assert sum(page.count("Saldo akhir") for page in pages) == 1  # not repeated under every page's rows


def test_every_flagged_employer_can_be_reached_page_by_page(billing: Billing, monkeypatch: pytest.MonkeyPatch) -> None:
    from lindung.coverage.models import EmployerCompliance
    from lindung.registry.models import Employer

    employers = list(Employer.objects.filter(region=billing.world.medan))
    for employer in employers:
        EmployerCompliance.objects.create(
            region=billing.world.medan, employer=employer, as_of=TODAY, reasons=["wage"], severity=1
        )
    monkeypatch.setattr("lindung.billing.views.reports.COMPLIANCE_PAGE", 1)  # the page size, not the logic
    officer = client_for(billing.world, "branch_officer")
    seen = [
        officer.get(f"/tagihan/kepatuhan/?page={n}").context["rows"][0].employer.pk
        for n in range(1, len(employers) + 1)
    ]
    assert len(employers) > 1 and sorted(seen) == sorted(e.pk for e in employers)
    assert f"Halaman 2 dari {len(employers)}" in officer.get("/tagihan/kepatuhan/?page=2").content.decode()


def test_every_run_can_be_reached_on_the_page_and_through_the_api(
    billing: Billing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lindung.billing.models import BillingRun
    from lindung.billing.services import billing_run_start

    for month in range(40):  # 2022-12 .. 2026-03: more than a page of 36
        year, index = divmod(2022 * 12 + 11 + month, 12)
        billing_run_start(region=billing.world.medan, period=dt.date(year, index + 1, 1), today=TODAY)
    officer = client_for(billing.world, "branch_officer")
    oldest = BillingRun.objects.order_by("period").first()
    assert oldest is not None and oldest.period == dt.date(2022, 12, 1)
    last = officer.get("/tagihan/proses/?page=2")
    assert [run.pk for run in last.context["runs"]][-1] == oldest.pk
    monkeypatch.setattr("lindung.api.billing.PAGE", 10)
    pages = [officer.get(f"/api/v1/billing/runs?page={n}").json() for n in range(1, 6)]
    assert [len(p) for p in pages] == [10, 10, 10, 10, 0]
    assert len({run["id"] for p in pages for run in p}) == 40
