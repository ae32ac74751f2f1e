"""XLSX of every coverage table (xlsxwriter, constant memory: typed cells, numbers stay numbers).

Long lists (every kelurahan, every PDS suspect, every lapsing member) live here, not in the PDF
(tech-notes §6: WeasyPrint is slow on long tables).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lindung.coverage import dimensions as d
from lindung.coverage.models import EmployerCompliance
from lindung.coverage.selectors.dashboard import Dashboard
from lindung.coverage.selectors.figures import FigureRow
from lindung.coverage.selectors.gaps import LapsingMember, SectorGap

MEASURE_COLUMNS = ["participants", "new", "pu", "bpu", "jakon", "pmi", "jkk", "jkm", "jht", "jp", "jkp", "apbd"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[Sequence[Any]]
    note: str = ""


def workbook(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#e6f4ea"})
    percent = book.add_format({"num_format": "0.00"})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.title[:31])
        row_number = 0
        if sheet.note:
            ws.write_string(0, 0, sheet.note)
            row_number = 2
        ws.write_row(row_number, 0, sheet.header, bold)
        for values in sheet.rows:
            row_number += 1
            for col, value in enumerate(values):
                _write(ws, row_number, col, value, percent)
        ws.set_column(0, 0, 36)
        ws.set_column(1, max(1, len(sheet.header) - 1), 14)
    book.close()
    return buffer.getvalue()


def _write(ws: Any, row: int, col: int, value: Any, percent: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int):
        ws.write_number(row, col, value)
    elif isinstance(value, float):
        ws.write_number(row, col, value, percent)
    else:
        ws.write_string(row, col, str(value))  # codes stay text ("12.71.01"), never numbers


def _measure_header() -> list[str]:
    return [
        _("Peserta"),
        _("Baru bulan ini"),
        "PU",
        "BPU",
        _("Jasa konstruksi"),
        "PMI",
        "JKK",
        "JKM",
        "JHT",
        "JP",
        "JKP",
        _("Dibiayai APBD"),
    ]


def figure_sheet(title: str, rows: Sequence[FigureRow], *, with_code: bool = True) -> Sheet:
    header = [_("Nama"), *([_("Kode")] if with_code else []), _("Angkatan kerja"), _("Cakupan (%)"), *_measure_header()]
    body = (
        [
            row.label,
            *([row.key] if with_code else []),
            row.workforce,
            row.rate("participants"),
            *[row.value(m) for m in MEASURE_COLUMNS],
        ]
        for row in rows
    )
    return Sheet(title, header, body)


def dashboard_sheets(dashboard: Dashboard) -> list[Sheet]:
    figures = dashboard.figures
    as_of = dashboard.pick.as_of.isoformat() if dashboard.pick.as_of else "–"
    note = _("%(region)s, per %(date)s. Angkatan kerja: %(source)s") % {
        "region": dashboard.view.region.name,
        "date": as_of,
        "source": dashboard.reference.workforce.source[:200] or "–",
    }
    summary = figure_sheet(_("Ringkasan"), [figures.total], with_code=False)
    summary.note = note
    sheets = [summary]
    titles = {
        d.DIM_DISTRICT: _("Kecamatan"),
        d.DIM_VILLAGE: _("Kelurahan"),
        d.DIM_SECTOR: _("Sektor"),
        d.DIM_SEX: _("Jenis kelamin"),
        d.DIM_AGE: _("Kelompok umur"),
        d.DIM_AGENCY: pgettext("label", "Perangkat daerah"),
    }
    for dimension, title in titles.items():
        if figures.rows(dimension):
            sheets.append(figure_sheet(title, figures.rows(dimension), with_code=dimension != d.DIM_AGE))
    trend = ([p.as_of.isoformat(), p.value, p.new, p.rate, p.target] for p in dashboard.trend)
    header = [_("Tanggal"), dashboard.view.measure_label, _("Baru bulan ini"), _("Cakupan (%)"), _("Target RPJMD (%)")]
    sheets.append(Sheet(_("Tren bulanan"), header, trend))
    if dashboard.indicators:
        rows = ([str(i.label), i.value, i.unit, str(i.note)] for i in dashboard.indicators)
        sheets.append(
            Sheet(_("Indikator UCJ-Paritrana"), [_("Indikator"), _("Nilai"), _("Satuan"), _("Catatan")], rows)
        )
    return sheets


def village_gap_sheet(rows: Sequence[FigureRow]) -> Sheet:
    header = [_("Kelurahan"), _("Kode"), _("Angkatan kerja (perkiraan)"), _("Peserta"), _("Cakupan (%)")]
    return Sheet(
        _("Kelurahan terendah"),
        header,
        ([r.label, r.key, r.workforce, r.value("participants"), r.rate("participants")] for r in rows),
    )


def sector_gap_sheet(rows: Sequence[SectorGap]) -> Sheet:
    header = [_("Kecamatan"), _("Kode"), _("Sektor"), _("Angkatan kerja"), _("Peserta"), _("Cakupan (%)")]
    return Sheet(
        _("Sektor terendah"),
        header,
        ([g.district, g.district_code, g.sector, g.workforce, g.participants, g.rate] for g in rows),
    )


def employer_gap_sheet(rows: Iterable[EmployerCompliance]) -> Sheet:
    header = [
        pgettext("label", "Pemberi kerja"),
        "NPP",
        _("Skala"),
        _("Pekerja PU aktif"),
        _("Minimal menurut skala"),
        _("Upah di bawah UMK"),
        _("Program kurang"),
        _("Alasan"),
        _("Dasar"),
    ]
    body = (
        [
            c.employer.name,
            c.employer.npp,
            c.employer.get_size_display(),
            c.active_workers,
            c.expected_min_workers,
            c.below_umk,
            ", ".join(f"{k}: {v}" for k, v in c.missing.items()),
            ", ".join(c.reasons),
            c.rules_reference,
        ]
        for c in rows
    )
    return Sheet(_("Indikasi PDS"), header, body)


def lapsing_sheet(rows: Iterable[LapsingMember]) -> Sheet:
    header = [
        _("NIK (disamarkan)"),
        _("Kelurahan"),
        _("Pembayar"),
        pgettext("label", "Pemberi kerja"),
        _("Bulan belum dibayar"),
    ]
    body = (
        [
            r.membership.worker.nik_masked,
            r.membership.worker.village.name if r.membership.worker.village else "",
            r.membership.get_payer_kind_display(),
            r.membership.employer.name if r.membership.employer else "",
            r.months,
        ]
        for r in rows
    )
    return Sheet(_("Peserta menunggak"), header, body)
