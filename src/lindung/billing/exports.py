"""Downloads: the account statement as PDF and XLSX, the dunning letter as PDF.

PDFs are short documents rendered by WeasyPrint (well under a second); long listings belong in the XLSX.
Every text cell of a workbook goes through ``neutralise`` so a payer name or a bank reference starting with
= + - @ is never run as a formula when the file is opened.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Final

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.selectors.arrears import ArrearsRow
from lindung.billing.selectors.statements import Statement

FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A leading quote keeps a spreadsheet from reading the text as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes a second to load

    html = render_to_string(template, {**context, "generated_at": timezone.localtime()})
    return bytes(HTML(string=html).write_pdf())


def statement_pdf(statement: Statement) -> bytes:
    return render_pdf("billing/pdf/statement.html", {"statement": statement})


def dunning_pdf(row: ArrearsRow, *, as_of: dt.date) -> bytes:
    return render_pdf("billing/pdf/dunning.html", {"row": row, "as_of": as_of})


def statement_xlsx(statement: Statement) -> bytes:
    """One sheet: header lines, then date, description, reference, debit, credit, balance (typed cells)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(_("Rekening"))
    sheet.write_string(0, 0, neutralise(_("Rekening koran iuran: %(p)s") % {"p": statement.account.label}), bold)
    sheet.write_string(
        1,
        0,
        _("Virtual account %(va)s, %(a)s s.d. %(b)s")
        % {"va": statement.account.va_number, "a": statement.start.isoformat(), "b": statement.end.isoformat()},
    )
    sheet.write_string(2, 0, _("Saldo awal"))
    sheet.write_number(2, 5, statement.opening, money)
    header = [_("Tanggal"), _("Uraian"), _("Referensi"), _("Debit (Rp)"), _("Kredit (Rp)"), _("Saldo (Rp)")]
    sheet.write_row(4, 0, header, bold)
    for i, entry in enumerate(statement.entries, start=5):
        sheet.write_datetime(i, 0, dt.datetime.combine(entry.day, dt.time()), day)
        sheet.write_string(i, 1, neutralise(entry.description))
        sheet.write_string(i, 2, neutralise(entry.reference))
        sheet.write_number(i, 3, entry.debit, money)
        sheet.write_number(i, 4, entry.credit, money)
        sheet.write_number(i, 5, entry.balance, money)
    last = len(statement.entries) + 5
    sheet.write_string(last, 1, _("Saldo akhir"), bold)
    sheet.write_number(last, 5, statement.closing, money)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 2, 44)
    sheet.set_column(3, 5, 16)
    book.close()
    return buffer.getvalue()
