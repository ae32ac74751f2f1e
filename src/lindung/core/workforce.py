"""The workforce table (working population per kecamatan by sex and sector): estimates and BPS uploads.

An upload replaces the region's table in one transaction, and only when every row is valid and every
kecamatan of the region is present: nothing is ever replaced half-way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from lindung.core.models import District, Region
from lindung.core.services import workforce_replace

REQUIRED_COLUMNS = ("kecamatan_code", "sex", "sector", "count")
SEX_ALIASES = {"M": "M", "L": "M", "LAKI-LAKI": "M", "F": "F", "P": "F", "PEREMPUAN": "F"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass
class WorkforceUpload:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def workforce_parse(*, region: Region, content: bytes) -> WorkforceUpload:
    """Read and validate a BPS workforce workbook (first sheet; columns in REQUIRED_COLUMNS)."""
    result = WorkforceUpload()
    if len(content) > MAX_UPLOAD_BYTES:
        result.errors.append(_("Berkas lebih dari 5 MB. Kirim hanya tabel angkatan kerja per kecamatan."))
        return result
    try:
        frame = fastexcel.read_excel(content).load_sheet(0, dtypes="string").to_polars()
    except Exception:  # fastexcel raises several error types for corrupt or encrypted files
        result.errors.append(
            _("Berkas bukan XLSX yang dapat dibaca (rusak atau dilindungi kata sandi). Simpan ulang sebagai .xlsx.")
        )
        return result
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        result.errors.append(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
        return result
    known = set(District.objects.filter(region=region).values_list("code", flat=True))
    seen: set[tuple[str, str, str]] = set()
    for number, row in enumerate(frame.select(REQUIRED_COLUMNS).iter_rows(named=True), start=2):
        _validate_row(result, number, row, known, seen)
    absent = sorted(known - {key[0] for key in seen})
    if absent:
        result.errors.append(
            _("Kecamatan tanpa data: %(codes)s. Setiap kecamatan harus ada.") % {"codes": ", ".join(absent)}
        )
    return result


def _validate_row(
    result: WorkforceUpload, number: int, row: dict[str, Any], known: set[str], seen: set[tuple[str, str, str]]
) -> None:
    code = str(row["kecamatan_code"] or "").strip()
    sex = SEX_ALIASES.get(str(row["sex"] or "").strip().upper())
    sector = str(row["sector"] or "").strip().lower()
    raw = str(row["count"] or "").strip().replace(".", "").replace(",", "")
    problems = []
    if code not in known:
        problems.append(_("kode kecamatan %(code)s tidak dikenal") % {"code": code or "(kosong)"})
    if sex is None:
        problems.append(_("jenis kelamin harus L/P atau M/F"))
    if not sector:
        problems.append(_("sektor kosong"))
    if not raw.lstrip("-").isdigit():
        problems.append(_("jumlah harus bilangan bulat"))
    elif int(raw) < 0:
        problems.append(_("jumlah tidak boleh negatif"))
    key = (code, sex or "", sector)
    if key in seen:
        problems.append(_("baris ganda untuk kecamatan, jenis kelamin dan sektor yang sama"))
    if problems:
        result.errors.append(_("Baris %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)})
        return
    seen.add(key)
    result.rows.append({"kecamatan_code": code, "sex": sex, "sector": sector, "count": int(raw)})


def workforce_upload_apply(*, region: Region, upload: WorkforceUpload, source: str) -> int:
    if not upload.ok:
        raise ValueError("the upload has errors; nothing was replaced")
    return workforce_replace(region=region, rows=upload.rows, is_estimate=False, source=source)


def workforce_template() -> bytes:
    """An empty workbook with the expected columns, for the admin to fill from BPS tables."""
    buffer = io.BytesIO()
    pl.DataFrame({c: [] for c in REQUIRED_COLUMNS}, schema={c: pl.String for c in REQUIRED_COLUMNS}).write_excel(
        buffer, worksheet="angkatan_kerja"
    )
    return buffer.getvalue()


def workforce_load_estimates(*, region: Region) -> int:
    """Load the profile's labelled workforce estimates, unless BPS figures were already uploaded."""
    from lindung.core.models import WorkforceFigure
    from lindung.regions.workforce import load_workforce

    if WorkforceFigure.objects.filter(district__region=region, is_estimate=False).exists():
        return 0
    table = load_workforce(region.profile_slug)
    if table is None:
        return 0
    rows: list[dict[str, Any]] = [dict(row) for row in table.to_rows()]
    source = f"{table.reference_period}; {table.method} Sumber: {'; '.join(table.sources)}"
    return workforce_replace(region=region, rows=rows, is_estimate=table.estimate, source=source)
