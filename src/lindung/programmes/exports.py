"""Downloads: the ledger (XLSX, PDF), the waiting list and a proposal's rows (XLSX), scenario comparisons (XLSX, PDF).

Money stays a number in the workbooks (whole rupiah, formatted); NIKs appear masked only. PDFs are short
documents rendered by WeasyPrint; long listings are XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lindung.programmes.models import Programme, Proposal, ProposalRow, Scenario
from lindung.programmes.selectors.eligibility import EligibilityReport
from lindung.programmes.selectors.ledger import Ledger


class _Book:
    """A workbook in memory with the two formats every sheet uses."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.bold = self.book.add_format({"bold": True})
        self.money = self.book.add_format({"num_format": "#,##0"})

    def sheet(self, name: str, title: str, header: Sequence[str]) -> Any:
        sheet = self.book.add_worksheet(name[:31])
        sheet.write(0, 0, title, self.bold)
        sheet.write_row(2, 0, list(header), self.bold)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, len(header), 16)
        return sheet

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes a second to load

    html = render_to_string(template, {**context, "generated_at": timezone.localtime()})
    return bytes(HTML(string=html).write_pdf())


def _summary_rows(ledger: Ledger) -> list[tuple[str, int]]:
    return [
        (_("Pagu"), ledger.budget), (_("Terpakai (bulan berlalu)"), ledger.realised),
        (_("Terikat (peserta × bulan tersisa)"), ledger.committed),
        (_("Dicadangkan (anggaran dikonfirmasi)"), ledger.reserved),
        (_("Sisa"), ledger.remaining), (_("Ditagih"), ledger.billed), (_("Dibayar"), ledger.paid),
        (_("Peserta aktif"), ledger.members_active), (_("Tambahan pekerja yang masih tertanggung"), ledger.headroom),
    ]  # fmt: skip


def ledger_xlsx(ledger: Ledger) -> bytes:
    out = _Book()
    programme = ledger.programme
    title = _("Buku besar %(name)s, per %(date)s") % {"name": str(programme), "date": ledger.as_of.isoformat()}
    summary = out.sheet(_("Ringkasan"), title, [_("Pos"), _("Nilai")])
    for i, (label, value) in enumerate(_summary_rows(ledger), start=3):
        summary.write_string(i, 0, str(label))
        summary.write_number(i, 1, value, out.money)
    row = len(_summary_rows(ledger)) + 4
    for alert in ledger.alerts:
        summary.write_string(row, 0, alert.message)
        row += 1
    header = [_("Bulan"), _("Peserta"), _("Iuran menurut aturan"), _("Ditagih"), _("Denda"), _("Dibayar"), _("Selisih")]
    months = out.sheet(_("Per bulan"), title, header)
    for i, m in enumerate(ledger.months, start=3):
        months.write_string(i, 0, f"{m.period:%Y-%m}")
        months.write_row(i, 1, [m.members, m.cost, m.billed, m.fines, m.paid], out.money)
        if m.difference is not None:
            months.write_number(i, 6, m.difference, out.money)
    return out.close()


def ledger_pdf(ledger: Ledger) -> bytes:
    return render_pdf("programmes/pdf/ledger.html", {"ledger": ledger, "programme": ledger.programme,
                                                     "summary": _summary_rows(ledger)})  # fmt: skip


def waiting_list_xlsx(programme: Programme, report: EligibilityReport, *, as_of: dt.date) -> bytes:
    out = _Book()
    title = _("Daftar tunggu %(name)s, per %(date)s") % {"name": str(programme), "date": as_of.isoformat()}
    header = [_("Peringkat"), _("Nama"), _("NIK"), _("Kecamatan"), _("Kategori"),
              pgettext("label", "Perangkat daerah"), _("Usia"), _("Skor"), _("Kriteria")]  # fmt: skip
    ranked = out.sheet(_("Daftar tunggu"), title, header)
    for i, c in enumerate(report.ranked, start=1):
        ranked.write_row(i + 2, 0, [i, c.name, c.nik_masked, c.district, c.category_label, c.agency, c.age, c.score,
                                    ", ".join(c.criteria)])  # fmt: skip
    rejected = out.sheet(_("Tidak memenuhi syarat"), title, [_("Nama"), _("NIK"), _("Kecamatan"), _("Alasan")])
    for i, c in enumerate(report.ineligible, start=3):
        rejected.write_row(i, 0, [c.name, c.nik_masked, c.district, "; ".join(c.problems)])
    return out.close()


def proposal_xlsx(proposal: Proposal, rows: list[ProposalRow]) -> bytes:
    out = _Book()
    title = _("Usulan %(code)s — %(agency)s (%(status)s)") % {
        "code": proposal.code, "agency": proposal.agency.name, "status": proposal.get_status_display()}  # fmt: skip
    header = [_("Nama"), _("NIK"), _("Kecamatan"), _("Skor"), _("Status"), _("Ditolak pada"), _("Alasan"),
              _("Kepesertaan")]  # fmt: skip
    sheet = out.sheet(_("Usulan"), title, header)
    for i, r in enumerate(rows, start=3):
        district = r.worker.village.district.name if r.worker.village else ""
        sheet.write_row(i, 0, [r.worker.name, r.worker.nik_masked, district, r.priority_score, r.get_status_display(),
                               r.get_rejected_step_display(), r.reject_reason, r.membership_id or ""])  # fmt: skip
    return out.close()


def _scenario_rows(scenarios: list[Scenario]) -> list[tuple[str, list[Any]]]:
    def pick(key: str) -> list[Any]:
        return [s.result.get(key, 0) for s in scenarios]

    return [
        (_("Anggaran"), [s.budget for s in scenarios]), (_("Bulan"), [s.months for s in scenarios]),
        (_("Program"), [" + ".join(s.program_names) for s in scenarios]), (_("Biaya per pekerja"), pick("per_worker")),
        (_("Peserta berlanjut"), pick("continuing")), (_("Pekerja baru dari daftar tunggu"), pick("new_workers")),
        (_("Total pekerja"), pick("total_workers")), (_("Biaya"), pick("cost")), (_("Sisa anggaran"), pick("leftover")),
    ]  # fmt: skip


def scenarios_xlsx(scenarios: list[Scenario], districts: list[dict[str, Any]]) -> bytes:
    out = _Book()
    header = [_("Pos"), *[s.name for s in scenarios]]
    sheet = out.sheet(_("Perbandingan"), _("Perbandingan skenario"), header)
    for i, (label, values) in enumerate(_scenario_rows(scenarios), start=3):
        sheet.write_string(i, 0, str(label))
        for j, value in enumerate(values, start=1):
            sheet.write(i, j, value, out.money if isinstance(value, int) else None)
    gains = out.sheet(_("Per kecamatan"), _("Tambahan peserta per kecamatan"), [_("Kecamatan"), *header[1:]])
    for i, row in enumerate(districts, start=3):
        gains.write_row(i, 0, [row["district"], *row["gains"]])
    return out.close()


def scenarios_pdf(scenarios: list[Scenario], districts: list[dict[str, Any]]) -> bytes:
    return render_pdf("programmes/pdf/scenarios.html", {"scenarios": scenarios, "rows": _scenario_rows(scenarios),
                                                        "districts": districts})  # fmt: skip
