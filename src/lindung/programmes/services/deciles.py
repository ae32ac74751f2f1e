"""Poverty deciles (desil 1-10 of DTKS, P3KE or DTSEN) uploaded by the coordinator as NIK + desil.

The upload is a job: ``decile_upload_create`` checks the form and the user, keeps the file encrypted and opens
the job; the task worker (``tasks.decile_upload_task``) runs ``decile_upload_run``, which reads and checks every
row, then writes all of them in one transaction with one audit entry, or, if any row is bad, nothing. Each NIK
is matched to a worker of the region by the NIK's blind index (the NIK itself is never stored, logged or shown
back: problems name the row). Problems are kept as codes and row numbers; ``decile_upload_messages`` words them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.audit import audit_record
from lindung.core.jobs import JobRefused, job_problem_message, upload_job_run
from lindung.programmes import permissions
from lindung.programmes.models import DecileSource, DecileUploadJob, DecileUploadStatus, PovertyDecile, Programme
from lindung.registry import bulk
from lindung.registry.bulk import blind_indexes
from lindung.registry.imports import storage
from lindung.registry.imports.messages import describe
from lindung.registry.imports.reader import ROW, FileRejected, read_upload
from lindung.registry.models import Worker

log = logging.getLogger(__name__)
NIK_HEADERS = ("nik",)
DECILE_HEADERS = ("desil", "decile", "desil kesejahteraan")
MAX_MESSAGES = 20
PROGRESS_EVERY = 20_000  # rows between two progress updates of the job
LOOKUP_CHUNK = 10_000  # NIK indexes per look-up query
UPSERT_COLUMNS = ("region_id", "decile", "source", "as_of", "uploaded_by_id", "uploaded_at")
_NIK = re.compile(r"\d{16}")
Problem = dict[str, Any]  # {"code": ..., "row": ...} or {"code": ..., "params": {...}} for the whole file


@dataclass(frozen=True)
class DecileUpload:
    written: int  # rows saved (new or replacing an older value)
    replaced: int  # of which replaced an earlier decile


class UploadRefused(JobRefused):
    """The file cannot be applied; ``problems`` says why, row by row."""


def _column(frame: pl.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((c for c in frame.columns if c != ROW and c.strip().lower() in names), None)


def _rows(
    frame: pl.DataFrame, nik_col: str, decile_col: str, progress: Callable[[int], None]
) -> tuple[list[tuple[int, str, int]], list[Problem]]:
    """(row, nik, decile) of every good row, and one problem per bad row."""
    good: list[tuple[int, str, int]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for done, (row, nik, decile) in enumerate(frame.select(ROW, nik_col, decile_col).iter_rows(), start=1):
        nik = (nik or "").replace(" ", "").replace("'", "")
        text = (decile or "").strip()
        value = int(float(text)) if re.fullmatch(r"\d+(\.0+)?", text) else None
        if not _NIK.fullmatch(nik):
            problems.append({"code": "nik_format", "row": row})
        elif value is None or not 1 <= value <= 10:
            problems.append({"code": "decile_range", "row": row})
        elif nik in seen:
            problems.append({"code": "nik_repeated", "row": row, "first": seen[nik]})
        else:
            seen[nik] = row
            good.append((row, nik, value))
        if done % PROGRESS_EVERY == 0:
            progress(done)
    return good, problems


def _check_header(source: str, as_of: dt.date, today: dt.date) -> None:
    if source not in DecileSource.values:
        raise ValidationError({"source": _("Pilih sumber data desil (DTKS, P3KE, DTSEN atau lainnya).")})
    if as_of > today:
        raise ValidationError({"as_of": _("Tanggal data desil tidak boleh setelah hari ini.")})


def decile_upload_create(
    *, programme: Programme, data: bytes, file_name: str, source: str, as_of: dt.date, user: Any, today: dt.date
) -> DecileUploadJob:
    """Keep the file (encrypted) and open its job; the task worker applies it (``decile_upload_run``)."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    _check_header(source, as_of, today)
    max_bytes = int(getattr(settings, "LINDUNG_IMPORT_MAX_BYTES", 200_000_000))
    if not data:
        raise ValidationError({"file": _("Berkas kosong.")})
    if len(data) > max_bytes:
        message = _("Berkas lebih besar dari %(mb)s MB: bagi menjadi beberapa berkas.")
        raise ValidationError({"file": message % {"mb": max_bytes // 1_000_000}})
    job = DecileUploadJob(
        region_id=programme.region_id, programme=programme, uploaded_by=user if getattr(user, "pk", None) else None,
        file_name=(file_name or "desil")[-200:], source=source, as_of=as_of, stage_name=storage.upload_save(data),
    )  # fmt: skip
    job.full_clean()
    job.save()
    return job


def decile_upload_run(*, job: DecileUploadJob) -> DecileUploadJob:
    """Apply the job's file: every row, or none and the problems of each bad row. The file is removed after."""
    return upload_job_run(job, label="decile-upload", work=lambda data: _run(job, data))


def _run(job: DecileUploadJob, data: bytes) -> None:
    saved = _apply(job, data)
    job.written, job.replaced = saved.written, saved.replaced


def _apply(job: DecileUploadJob, data: bytes) -> DecileUpload:
    try:
        frame = read_upload(data, job.file_name).frame
    except FileRejected as exc:
        raise UploadRefused([{"code": exc.code, "params": exc.params}]) from exc
    nik_col, decile_col = _column(frame, NIK_HEADERS), _column(frame, DECILE_HEADERS)
    if nik_col is None or decile_col is None:
        raise UploadRefused([{"code": "columns"}])
    job.progress("checking", 0, frame.height)
    good, problems = _rows(frame, nik_col, decile_col, lambda done: job.progress("checking", done))
    indexes = blind_indexes(nik for _row, nik, _decile in good)
    found: dict[str, int] = {}
    for start in range(0, len(indexes), LOOKUP_CHUNK):  # within every database's limit of bound parameters
        part = indexes[start : start + LOOKUP_CHUNK]
        found.update(Worker.objects.filter(region=job.region_id, nik_index__in=part).values_list("nik_index", "pk"))
    problems += [
        {"code": "nik_unknown", "row": row}
        for (row, _nik, _decile), index in zip(good, indexes, strict=True)
        if index not in found
    ]
    if problems:
        raise UploadRefused(sorted(problems, key=lambda p: int(p["row"])))
    job.progress("saving", frame.height)
    rows = [(found[index], decile) for (_row, _nik, decile), index in zip(good, indexes, strict=True)]
    return _save(job, rows)


@transaction.atomic
def _save(job: DecileUploadJob, rows: list[tuple[int, int]]) -> DecileUpload:
    """Insert or replace each worker's decile (multi-row INSERT … ON CONFLICT, the same on SQLite and PostgreSQL)."""
    current = PovertyDecile.objects.filter(region=job.region_id)
    before = current.count()
    names = ["region", "worker", "decile", "source", "as_of", "uploaded_by", "uploaded_at"]
    quote = connection.ops.quote_name
    refresh = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in UPSERT_COLUMNS)
    upsert = f" ON CONFLICT ({quote('worker_id')}) DO UPDATE SET {refresh}"
    fixed = (job.source, bulk.db_date(job.as_of), job.uploaded_by_id, bulk.db_datetime(timezone.now()))
    per = bulk.rows_per_statement(len(names))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per):
            part = rows[start : start + per]
            values = chain.from_iterable((job.region_id, worker, decile, *fixed) for worker, decile in part)
            cursor.execute(bulk.insert_sql(PovertyDecile, names, len(part)) + upsert, tuple(values))
    replaced = len(rows) - (current.count() - before)
    after = {"rows": len(rows), "replaced": replaced, "source": job.source, "as_of": job.as_of.isoformat()}
    audit_record(
        action="poverty_deciles_upload", object_type="programmes.PovertyDecile", object_id=str(job.region_id),
        after=after,
    )  # fmt: skip
    job.written, job.replaced = len(rows), replaced
    job.done()  # last in the transaction: a job failed meanwhile as stalled keeps nothing (core.jobs)
    return DecileUpload(len(rows), replaced)


def _problem_message(problem: Problem) -> str:
    code, row = problem.get("code", ""), problem.get("row")
    if code == "nik_format":
        return _("Baris %(row)s: NIK harus 16 digit angka (format sel sebagai teks).") % {"row": row}
    if code == "decile_range":
        return _("Baris %(row)s: desil harus bilangan bulat 1 sampai 10.") % {"row": row}
    if code == "nik_repeated":
        return _("Baris %(row)s: NIK sama dengan baris %(first)s.") % {"row": row, "first": problem.get("first")}
    if code == "nik_unknown":
        return _("Baris %(row)s: NIK tidak terdaftar sebagai pekerja di wilayah ini.") % {"row": row}
    if code == "columns":
        return _("Berkas harus memiliki kolom NIK dan desil pada baris pertama.")
    shared = job_problem_message(problem)
    if shared is not None:
        return shared
    return describe(code, problem.get("params"))[0]  # the importer's own file-level refusals


def decile_upload_messages(job: DecileUploadJob) -> list[str]:
    """What went wrong, row by row (at most ``MAX_MESSAGES``), and that nothing was saved."""
    if job.status != DecileUploadStatus.FAILED:
        return []
    shown = [_problem_message(p) for p in job.problems[:MAX_MESSAGES]]
    if job.problem_count > MAX_MESSAGES:
        more = job.problem_count - MAX_MESSAGES
        shown.append(_("… dan %(n)s kesalahan lain. Tidak ada data yang disimpan.") % {"n": more})
    else:
        shown.append(_("Tidak ada data yang disimpan. Perbaiki baris di atas, lalu unggah lagi."))
    return shown
