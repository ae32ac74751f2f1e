"""Downloads: the scorecard as XLSX and PDF, the PKS draft and the Paritrana evidence pack as PDF.

PDFs are rendered by WeasyPrint from templates in the task worker, never in a request (see
``services/pdf_exports.py``); the XLSX is made in the request (well under a second at demo size). Long
listings belong in XLSX (shared reference, tech-notes §6). Legal documents (the PKS draft) are always in
Bahasa Indonesia, whatever the language of the page.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lindung.partnership.models import Pks
from lindung.partnership.selectors.evidence import EvidencePackData
from lindung.partnership.selectors.scorecard import ScorecardRow, scorecard_totals
from lindung.regions.groups import group_labels


def group_names(agency: Any) -> list[str]:
    """The names of an agency's stakeholder groups in the reader's language (unknown keys as they are)."""
    return group_labels(agency.stakeholder_groups)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes a second to load

    html = render_to_string(template, {**context, "generated_at": timezone.localtime()})
    return bytes(HTML(string=html).write_pdf())


def _scorecard_header() -> list[str]:
    return [pgettext("label", "Perangkat daerah"), _("Status PKS"), _("Target pekerja"), _("Terdaftar"),
            _("Capaian (%)"), _("Membayar"), _("Target acara"), _("Acara terlaksana"), _("Anggaran (Rp)")]  # fmt: skip


def _scorecard_values(row: ScorecardRow) -> list[Any]:
    return [row.agency.name, row.status_label or "–", row.target_workers, row.enrolled,
            row.pct_enrolled if row.pct_enrolled is not None else "", row.paying, row.target_events,
            row.events_held, row.budget]  # fmt: skip


def scorecard_xlsx(rows: list[ScorecardRow], *, year: int, as_of: dt.date, evidence_label: str) -> bytes:
    """One sheet of the scorecard and one of enrolment by month, typed cells (numbers stay numbers)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    sheet = book.add_worksheet(_("Kartu skor"))
    sheet.write(0, 0, _("Kartu skor perangkat daerah %(year)s, per %(date)s") % {"year": year,
                "date": as_of.isoformat()}, bold)  # fmt: skip
    sheet.write(1, 0, evidence_label)
    sheet.write_row(3, 0, _scorecard_header(), bold)
    for i, row in enumerate([*rows, scorecard_totals(rows)], start=4):
        values = _scorecard_values(row)
        sheet.write_string(i, 0, values[0])
        sheet.write_string(i, 1, values[1])
        for col, value in enumerate(values[2:], start=2):
            sheet.write(i, col, value, money if col == 8 else None)
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 8, 14)
    trend = book.add_worksheet(_("Tren bulanan"))
    trend.write_row(0, 0, [pgettext("label", "Perangkat daerah"), *[f"{year}-{m:02d}" for m in range(1, 13)]], bold)
    for i, row in enumerate(rows, start=1):
        trend.write_string(i, 0, row.agency.name)
        trend.write_row(i, 1, row.trend)
    trend.set_column(0, 0, 48)
    book.close()
    return buffer.getvalue()


def scorecard_pdf(rows: list[ScorecardRow], *, year: int, as_of: dt.date, evidence_label: str, region: Any) -> bytes:
    return render_pdf("partnership/pdf/scorecard.html", {"rows": rows, "totals": scorecard_totals(rows),
                      "year": year, "as_of": as_of, "evidence_label": evidence_label, "region": region})  # fmt: skip


def pks_draft_pdf(pks: Pks) -> bytes:
    """The PKS text with the agency's data, obligations and targets filled in, to discuss and sign."""
    context = {"pks": pks, "mou": pks.mou, "agency": pks.agency, "region": pks.mou.region,
               "obligations": list(pks.obligations.all()), "targets": list(pks.targets.all()),
               "scope_items": list(pks.mou.scope_items.all()), "groups": group_names(pks.agency)}  # fmt: skip
    with translation.override("id"):
        return render_pdf("partnership/pdf/pks_draft.html", context)


def evidence_pack_pdf(data: EvidencePackData) -> bytes:
    sections = list(data.pack.sections.all()) if data.pack.pk else []
    context = {"data": data, "pack": data.pack, "region": data.pack.region, "sections": sections}
    return render_pdf("partnership/pdf/evidence_pack.html", context)
