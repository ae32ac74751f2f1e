"""Workbooks and CSV written for users: the empty templates and the per-row, per-cell issue workbook.

Every text cell written here goes through ``neutralise``: a value starting with = + - @ (or a tab or carriage
return) would be read as a formula by a spreadsheet that opens the file again, so it gets a leading quote.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from lindung.registry.imports.columns import COLUMNS
from lindung.registry.imports.messages import describe
from lindung.registry.models import ImportIssue, ImportJob, IssueSeverity

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = {"nik", "npp", "kpj", "phone", "village"}


def neutralise(value: Any) -> Any:
    """Keep a cell from being run as a formula when the file is opened again."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def template_xlsx(kind: str) -> bytes:
    """The empty list to fill: the data sheet first (identifier columns formatted as text), then a guide."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold, text = book.add_format({"bold": True, "bg_color": "#DDEBF7"}), book.add_format({"num_format": "@"})
    data, guide = book.add_worksheet(_("Data")), book.add_worksheet(_("Petunjuk"))
    for i, column in enumerate(COLUMNS[kind]):
        data.write_string(0, i, column.header, bold)
        data.set_column(i, i, 22, text if column.key in TEXT_COLUMNS else None)
    data.freeze_panes(1, 0)
    headings = [_("Kolom"), _("Wajib"), _("Cara mengisi"), _("Contoh")]
    for i, heading in enumerate(headings):
        guide.write_string(0, i, heading, bold)
    for row, column in enumerate(COLUMNS[kind], start=1):
        values = [column.header, _("Ya") if column.required else _("Tidak"), str(column.hint), column.example]
        for i, value in enumerate(values):
            guide.write_string(row, i, neutralise(value))
    guide.set_column(0, 1, 18)
    guide.set_column(2, 2, 70)
    guide.set_column(3, 3, 20)
    book.close()
    return buffer.getvalue()


def template_csv(kind: str) -> bytes:
    """The header line, UTF-8 with a BOM so that Excel opens it in the right encoding."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in COLUMNS[kind]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def severity_labels() -> dict[str, str]:
    """Each severity's name in the active language, for file issues and row issues alike."""
    return {key: str(label) for key, label in IssueSeverity.choices}


def _issue_rows(job: ImportJob) -> Iterable[list[Any]]:
    labels = severity_labels()
    for issue in job.file_issues:
        message, fix = describe(issue["code"], issue.get("params"))
        severity = issue.get("severity", "error")
        yield ["-", "-", "", labels.get(severity, severity), message, fix]
    rows = (
        ImportIssue.objects.filter(job=job)
        .order_by("row", "id")
        .values_list("row", "column", "value", "severity", "code", "params")
    )
    for row, column, value, severity, code, params in rows.iterator(chunk_size=5000):
        message, fix = describe(code, params)
        yield [row, column, value, labels.get(severity, severity), message, fix]


def issues_xlsx(job: ImportJob) -> str:
    """Write the issue workbook of ``job`` to a temporary file and return its path (streams big lists)."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115 - served, then removed
    handle.close()
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True})
    sheet = book.add_worksheet(_("Masalah"))
    bold = book.add_format({"bold": True, "bg_color": "#FCE4D6"})
    headings = [_("Baris"), _("Kolom"), _("Isi (disamarkan)"), _("Jenis"), _("Masalah"), _("Cara memperbaiki")]
    for i, heading in enumerate(headings):
        sheet.write_string(0, i, heading, bold)
    for r, values in enumerate(_issue_rows(job), start=1):
        for c, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, neutralise(str(value)))
    for i, width in enumerate((8, 18, 20, 12, 60, 60)):
        sheet.set_column(i, i, width)
    book.close()
    return handle.name
