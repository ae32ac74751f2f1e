"""Billing in the reader's language (session 13, h6): a statement's invoice line, a refused period and the run
page's legal parameters name months and values as people write them, and a failed run's stored text (which can
quote a row's NIK and name) reaches neither the API nor the demo log: only the kind of error does.

Before: ``Tagihan iuran periode 2026-01``, ``Periode 2026-12 belum dimulai ... (2026-03)``, parameters as Python
(``1/50``, ``('JKK', 'JKM')``, ``1000000``, ``2015-07-01``), and the API's ``error`` was the whole stored text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from lindung.billing import demo as billing_demo
from lindung.billing import selectors
from lindung.billing.models import BillingAccount, BillingRun, RunStatus
from lindung.billing.services.runs import period_check
from lindung.demo.context import DemoContext
from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db

NIK, NAME = "1271010101850005", "Pegawai Dinas"
QUOTING = f"IntegrityError: duplicate key value violates unique constraint; DETAIL: Key (nik, name)=({NIK}, {NAME})"


def test_a_statements_invoice_line_names_its_month(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    account = invoice_of(billing.pu, JAN).account
    for language, month in (("id", "Januari 2026"), ("en", "January 2026")):
        with translation.override(language):
            entries = selectors.account_statement(account=account).entries
        lines = [e.description for e in entries if e.debit]
        assert lines and all(month in text and "2026-01" not in text for text in lines), lines


def test_the_statement_page_names_the_month(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    account = BillingAccount.objects.get(pk=invoice_of(billing.pu, JAN).account_id)
    page = client_for(billing.world, "employer").get(f"/tagihan/rekening/{account.pk}/").content.decode()
    assert "Tagihan iuran periode Januari 2026" in page and "periode 2026-01" not in page


@pytest.mark.parametrize(
    ("language", "period", "expected"),
    [
        ("id", dt.date(2026, 12, 1), "Periode Desember 2026 belum dimulai"),
        ("id", dt.date(2026, 12, 1), "bulan berjalan (Maret 2026)"),
        ("en", dt.date(2026, 12, 1), "Period December 2026 has not started"),
        ("en", dt.date(2026, 12, 1), "(March 2026)"),
        ("id", dt.date(2015, 6, 1), "Periode Juni 2015 sebelum Juli 2015"),
        ("en", dt.date(2015, 6, 1), "Period June 2015 is before July 2015"),
    ],
)
def test_a_refused_period_is_named_by_its_month(language: str, period: dt.date, expected: str) -> None:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        period_check(period, dt.date(2026, 3, 20))
    message = refused.value.messages[0]
    assert expected in message and not re.search(r"\d{4}-\d{2}", message), message


def _failed(billing: Billing, error: str) -> BillingRun:
    run = bill(billing.world.medan, JAN)
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, phase="finalize", error=error)
    return BillingRun.objects.get(pk=run.pk)


def test_the_api_returns_only_the_kind_of_a_runs_error(billing: Billing) -> None:
    run = _failed(billing, QUOTING)
    officer = client_for(billing.world, "branch_officer")
    one = officer.get(f"/api/v1/billing/runs/{run.pk}")
    listed = officer.get("/api/v1/billing/runs")
    assert one.json()["error"] == "IntegrityError"
    assert [r["error"] for r in listed.json() if r["id"] == run.pk] == ["IntegrityError"]
    for response in (one, listed):
        assert NIK not in response.content.decode() and NAME not in response.content.decode()


@pytest.mark.parametrize(("stored", "kind"), [(f"{NIK} {NAME}", ""), ("Boom: disk full", "Boom"), ("", "")])
def test_the_kind_is_the_class_name_or_nothing(billing: Billing, stored: str, kind: str) -> None:
    run = _failed(billing, stored)
    assert selectors.run_error_kind(run) == kind
    assert client_for(billing.world, "branch_officer").get(f"/api/v1/billing/runs/{run.pk}").json()["error"] == kind


def test_a_run_that_is_not_failed_shows_no_error(billing: Billing) -> None:
    run = bill(billing.world.medan, JAN)
    BillingRun.objects.filter(pk=run.pk).update(error=QUOTING)  # a text left from an earlier failure
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and selectors.run_error_kind(run) == ""


def test_the_demo_logs_only_the_kind_of_a_runs_error(billing: Billing, monkeypatch: pytest.MonkeyPatch) -> None:
    run = _failed(billing, QUOTING)
    monkeypatch.setattr(billing_demo, "billing_run_start", lambda **_kw: run)
    monkeypatch.setattr(billing_demo, "billing_run_execute", lambda **_kw: run)
    logged: list[str] = []
    ctx = DemoContext(billing.world.medan, 1, 10, dt.date(2026, 3, 20), np.random.default_rng(1), logged.append)
    billing_demo.make_billing(ctx)
    failures = [line for line in logged if "IntegrityError" in line]
    assert len(failures) == billing_demo.MONTHS
    assert not any(NIK in line or NAME in line or "duplicate key" in line for line in logged), logged


def _references(page: str) -> dict[str, list[str]]:
    table = re.search(r'data-testid="run-references">(.*?)</table>', page, re.S)
    assert table is not None
    rows = re.findall(r"<tr><td><a[^>]*>([^<]+)</a></td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>", table.group(1))
    return {name: [value, day] for name, value, day in rows}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "id",
            {
                "deadlines_fines.fine_rate": ["2%", "1 Juli 2015"],
                "bpu.programs_required": ["JKK, JKM", "1 Juli 2015"],
                "bpu.min_declared_income": ["Rp 1.000.000", "1 Juli 2015"],
                "jkk.pu_rate_by_risk_group": ["1: 0,24%; 2: 0,54%; 3: 0,89%; 4: 1,27%; 5: 1,74%", "1 Juli 2015"],
                "deadlines_fines.fined_employers": ["swasta, lainnya", "1 Juli 2015"],
                "deadlines_fines.cuti_bersama_is_day_off": ["ya", "1 Juli 2015"],
                "jp.wage_cap": ["Rp 10.547.400", "1 Maret 2025"],
            },
        ),
        (
            "en",
            {
                "deadlines_fines.fine_rate": ["2%", "1 July 2015"],
                "bpu.min_declared_income": ["Rp 1,000,000", "1 July 2015"],
                "jkk.pu_rate_by_risk_group": ["1: 0.24%; 2: 0.54%; 3: 0.89%; 4: 1.27%; 5: 1.74%", "1 July 2015"],
                "deadlines_fines.fined_employers": ["private, other", "1 July 2015"],
                "jp.wage_cap": ["Rp 10,547,400", "1 March 2025"],
            },
        ),
    ],
)
def test_the_run_pages_parameters_read_as_the_parameter_page(
    billing: Billing, language: str, expected: dict[str, list[str]]
) -> None:
    run = bill(billing.world.medan, JAN)
    officer = client_for(billing.world, "branch_officer")
    officer.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = officer.get(f"/tagihan/proses/{run.pk}/").content.decode()
    shown = _references(page)
    assert len(shown) == len(run.refset.references)
    for name, row in expected.items():
        assert shown[name] == row, (name, shown.get(name))
    text = " ".join(value for value, _day in shown.values())
    assert "Fraction" not in text and "('" not in text and "/50" not in text
    assert not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for _value, day in shown.values())


def test_a_value_the_rules_no_longer_hold_keeps_its_stored_text(billing: Billing, monkeypatch: Any) -> None:
    run = bill(billing.world.medan, JAN)
    refset = run.refset
    refset.references = [
        {"name": "jp.wage_cap", "value": "99", "from": "2025-03-01", "reference": "PP 45/2015"},
        {"name": "no.such_parameter", "value": "7", "from": "not a date", "reference": "-"},
    ]
    refset.save(update_fields=["references"])
    page = client_for(billing.world, "branch_officer").get(f"/tagihan/proses/{run.pk}/").content.decode()
    assert _references(page) == {"jp.wage_cap": ["99", "1 Maret 2025"], "no.such_parameter": ["7", "–"]}
