"""The narrative of the mayor's monthly report, written from the figures, in Bahasa Indonesia.

The report is an official document of the city: it is always in Bahasa Indonesia whatever the language of
the page that asked for it, so these sentences are not translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lindung.web.templatetags.lindung_format import format_date_id

if TYPE_CHECKING:
    from lindung.coverage.report import MonthlyReport

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def angka(value: int | float | None) -> str:
    return "–" if value is None else f"{round(value):,}".replace(",", ".")


def persen(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",") + "%"


def bulan(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def _headline(r: MonthlyReport) -> str:
    total = r.dashboard.figures.total
    estimate = " (estimasi)" if r.dashboard.reference.workforce.is_estimate else ""
    text = (
        f"Per {format_date_id(r.as_of)}, sebanyak {angka(total.value('participants'))} pekerja di "
        f"{r.region.name} terlindungi jaminan sosial ketenagakerjaan, atau {persen(total.rate('participants'))} "
        f"dari {angka(total.workforce)} angkatan kerja{estimate}."
    )
    if r.previous is not None:
        change = total.value("participants") - r.previous
        direction = "bertambah" if change > 0 else "berkurang" if change < 0 else "tetap"
        amount = f" {angka(abs(change))} orang" if change else ""
        text += f" Dibanding akhir bulan sebelumnya jumlah ini {direction}{amount}."
    return text + f" Sepanjang {bulan(r.period)} tercatat {angka(total.value('new'))} pendaftaran baru."


def _composition(r: MonthlyReport) -> str:
    t = r.dashboard.figures.total
    return (
        f"Peserta terdiri atas {angka(t.value('pu'))} penerima upah, {angka(t.value('bpu'))} bukan penerima upah, "
        f"{angka(t.value('jakon'))} pekerja jasa konstruksi dan {angka(t.value('pmi'))} pekerja migran. "
        f"Sebanyak {angka(t.value('apbd'))} pekerja rentan iurannya dibayar APBD, dan {angka(t.value('state'))} "
        f"pekerja perangkat daerah, BLUD dan BUMD terlindungi. Per program: JKK {angka(t.value('jkk'))}, "
        f"JKM {angka(t.value('jkm'))}, JHT {angka(t.value('jht'))}, JP {angka(t.value('jp'))} dan "
        f"JKP {angka(t.value('jkp'))} peserta."
    )


def _target(r: MonthlyReport) -> str:
    goal = r.dashboard.goal
    if goal is None:
        return "Wilayah ini belum memiliki target cakupan semesta dalam data Lindung."
    gap = goal.gap_points or 0.0
    side = "di bawah" if gap > 0 else "di atas"
    text = (
        f"Target {goal.goal.label}: cakupan {persen(goal.goal.target_pct, 0)} angkatan kerja pada "
        f"{format_date_id(goal.goal.target_date)}. Jalur target untuk {bulan(r.period)} adalah "
        f"{persen(goal.target_pct)}; cakupan aktual {persen(goal.actual_pct)}, {persen(abs(gap)).rstrip('%')} poin "
        f"{side} jalur."
    )
    if goal.participants_needed:
        text += f" Untuk kembali ke jalur diperlukan tambahan {angka(goal.participants_needed)} peserta."
    source = goal.goal.source or "–"
    if goal.goal.confirmed:
        return text + f" Sumber target: {source}."
    return text + f" Angka target ini asumsi yang belum dikonfirmasi dari dokumen RPJMD (sumber: {source})."


def _gaps(r: MonthlyReport) -> str:
    districts = sorted(
        (row for row in r.dashboard.figures.rows("district") if row.rate("participants") is not None),
        key=lambda row: row.rate("participants") or 0.0,
    )[:3]
    lowest = [f"{row.label} ({persen(row.rate('participants'))})" for row in districts]
    villages = [f"{row.label} ({persen(row.rate('participants'))})" for row in r.villages[:3]]
    sectors = [f"{gap.sector} di {gap.district} ({persen(gap.rate)})" for gap in r.sectors[:3]]
    parts = []
    if lowest:
        parts.append(f"Kecamatan dengan cakupan terendah: {_list(lowest)}.")
    if villages:
        parts.append(f"Kelurahan terendah: {_list(villages)}.")
    if sectors:
        parts.append(f"Sektor dengan cakupan terendah: {_list(sectors)}.")
    return " ".join(parts) or "Belum ada data cakupan per wilayah."


def _compliance(r: MonthlyReport) -> str:
    reasons = r.suspect_reasons
    text = (
        f"{angka(r.suspect_count)} pemberi kerja terindikasi pendaftaran sebagian (PDS): "
        f"{angka(reasons.get('wage', 0))} dengan upah di bawah UMK, {angka(reasons.get('programme', 0))} dengan "
        f"program belum lengkap sesuai skala usaha, dan {angka(reasons.get('headcount', 0))} dengan jumlah pekerja "
        f"terdaftar di bawah skala usahanya."
    )
    if r.lapsing_count is None:
        return text + " Data tagihan belum tersedia, sehingga peserta yang menunggak belum dapat dihitung."
    return text + f" Sebanyak {angka(r.lapsing_count)} peserta menunggak iuran tiga bulan atau lebih."


def _followups(r: MonthlyReport) -> str:
    counts = r.followup_counts
    return (
        f"Tindak lanjut kesenjangan: {angka(counts.get('open', 0))} baru, {angka(counts.get('in_progress', 0))} "
        f"sedang ditangani dan {angka(counts.get('done', 0))} selesai."
    )


def monthly_narrative(report: MonthlyReport) -> list[str]:
    """The report's paragraphs, in order."""
    return [
        _headline(report),
        _composition(report),
        _target(report),
        _gaps(report),
        _compliance(report),
        _followups(report),
    ]
