"""Poverty deciles (desil 1-10 of DTKS, P3KE or DTSEN) uploaded by the coordinator as NIK + desil.

Each NIK is matched to a worker of the region by the NIK's blind index (the NIK itself is never stored, logged
or shown back: messages name the row). Every bad row is reported and nothing is written unless every row is
good; a good file replaces the deciles of its workers in one transaction, with one audit entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.audit import audit_record
from lindung.core.models import Region
from lindung.programmes import permissions
from lindung.programmes.models import DecileSource, PovertyDecile
from lindung.registry.bulk import blind_indexes
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import ROW, FileRejected, read_upload
from lindung.registry.models import Worker

NIK_HEADERS = ("nik",)
DECILE_HEADERS = ("desil", "decile", "desil kesejahteraan")
MAX_MESSAGES = 20
_NIK = re.compile(r"\d{16}")


@dataclass(frozen=True)
class DecileUpload:
    written: int  # rows saved (new or replacing an older value)
    replaced: int  # of which replaced an earlier decile


def _column(frame: pl.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((c for c in frame.columns if c != ROW and c.strip().lower() in names), None)


def _rows(frame: pl.DataFrame, nik_col: str, decile_col: str) -> tuple[list[tuple[int, str, int]], list[str]]:
    """(row, nik, decile) of every good row, and one message per bad row."""
    good: list[tuple[int, str, int]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for row, nik, decile in frame.select(ROW, nik_col, decile_col).iter_rows():
        nik = (nik or "").replace(" ", "").replace("'", "")
        text = (decile or "").strip()
        value = int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else None
        if not _NIK.fullmatch(nik):
            errors.append(_("Baris %(row)s: NIK harus 16 digit angka (format sel sebagai teks).") % {"row": row})
        elif value is None or not 1 <= value <= 10:
            errors.append(_("Baris %(row)s: desil harus bilangan bulat 1 sampai 10.") % {"row": row})
        elif nik in seen:
            errors.append(_("Baris %(row)s: NIK sama dengan baris %(first)s.") % {"row": row, "first": seen[nik]})
        else:
            seen[nik] = row
            good.append((row, nik, value))
    return good, errors


def _raise(errors: list[str]) -> None:
    shown = errors[:MAX_MESSAGES]
    if len(errors) > MAX_MESSAGES:
        shown.append(_("… dan %(n)s kesalahan lain. Tidak ada data yang disimpan.") % {"n": len(errors) - MAX_MESSAGES})
    else:
        shown.append(_("Tidak ada data yang disimpan. Perbaiki baris di atas, lalu unggah lagi."))
    raise ValidationError(shown)


def _check_header(source: str, as_of: dt.date, today: dt.date) -> None:
    if source not in DecileSource.values:
        raise ValidationError({"source": _("Pilih sumber data desil (DTKS, P3KE, DTSEN atau lainnya).")})
    if as_of > today:
        raise ValidationError({"as_of": _("Tanggal data desil tidak boleh setelah hari ini.")})


def poverty_deciles_upload(
    *, region: Region, data: bytes, file_name: str, source: str, as_of: dt.date, user: Any, today: dt.date
) -> DecileUpload:
    """Record the deciles of a NIK + desil file for the region's workers; all rows or none."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    _check_header(source, as_of, today)
    try:
        frame = read_upload(data, file_name).frame
    except FileRejected as exc:
        raise ValidationError(describe(exc.code, exc.params)[0]) from exc
    nik_col, decile_col = _column(frame, NIK_HEADERS), _column(frame, DECILE_HEADERS)
    if nik_col is None or decile_col is None:
        raise ValidationError(_("Berkas harus memiliki kolom NIK dan desil pada baris pertama."))
    good, errors = _rows(frame, nik_col, decile_col)
    indexes = blind_indexes(nik for _row, nik, _decile in good)
    found = dict(Worker.objects.filter(region=region, nik_index__in=indexes).values_list("nik_index", "pk"))
    errors += [
        _("Baris %(row)s: NIK tidak terdaftar sebagai pekerja di wilayah ini.") % {"row": row}
        for (row, _nik, _decile), index in zip(good, indexes, strict=True)
        if index not in found
    ]
    if errors:
        _raise(sorted(errors, key=_row_number))
    records = [
        PovertyDecile(
            region=region, worker_id=found[index], decile=decile, source=source, as_of=as_of, uploaded_by=user
        )
        for (_row, _nik, decile), index in zip(good, indexes, strict=True)
    ]
    return _save(region, records, source, as_of)


def _row_number(message: str) -> int:
    digits = re.search(r"\d+", message)
    return int(digits.group()) if digits else 0


@transaction.atomic
def _save(region: Region, records: list[PovertyDecile], source: str, as_of: dt.date) -> DecileUpload:
    ids = [r.worker_id for r in records]
    replaced = PovertyDecile.objects.filter(worker_id__in=ids).count()
    PovertyDecile.objects.bulk_create(
        records, batch_size=2_000, update_conflicts=True, unique_fields=["worker"],
        update_fields=["region", "decile", "source", "as_of", "uploaded_by", "uploaded_at"],
    )  # fmt: skip
    after = {"rows": len(records), "replaced": replaced, "source": source, "as_of": as_of.isoformat()}
    audit_record(
        action="poverty_deciles_upload", object_type="programmes.PovertyDecile", object_id=str(region.pk), after=after
    )
    return DecileUpload(len(records), replaced)
