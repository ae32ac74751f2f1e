"""Read a bank statement (CSV) into checked lines; any problem rejects the whole file with clear messages.

Problems are kept as codes, line numbers and the offending cell (an amount or a date, never a payer's name), so
a background job can store them and the page word them in its reader's language (``problem_message``).

Accepted columns (header names in Indonesian or English, any case): ``tanggal``, ``jumlah``, ``keterangan``
(required) and ``no_va``, ``nama``, ``no_transaksi`` (optional). Each line gets a hash of its content, so a
line seen in an earlier statement is never counted twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lindung.billing.codes import compact
from lindung.billing.limits import receipt_problem

ALIASES: Final = {
    "tanggal": "date",
    "tgl": "date",
    "date": "date",
    "tanggal_transaksi": "date",
    "jumlah": "amount",
    "nominal": "amount",
    "kredit": "amount",
    "amount": "amount",
    "credit": "amount",
    "keterangan": "reference",
    "berita": "reference",
    "uraian": "reference",
    "description": "reference",
    "reference": "reference",
    "no_va": "virtual_account",
    "nomor_va": "virtual_account",
    "va": "virtual_account",
    "virtual_account": "virtual_account",
    "nama": "payer_name",
    "nama_pengirim": "payer_name",
    "name": "payer_name",
    "payer": "payer_name",
    "no_transaksi": "transaction_id",
    "id_transaksi": "transaction_id",
    "transaction_id": "transaction_id",
}
REQUIRED: Final = ("date", "amount", "reference")
ACCEPTED_HEADERS: Final = "tanggal, jumlah, keterangan, no_va, nama, no_transaksi"
MAX_ERRORS: Final = 20
MAX_LINES: Final = 200_000
PROGRESS_EVERY: Final = 5_000  # lines between two progress reports
Problem = dict[str, Any]  # {"code": ..., "line": n, "params": {...}}; no "line" for the whole file


@dataclass(frozen=True)
class StatementLine:
    line_no: int
    received_on: dt.date
    amount: int
    reference: str
    virtual_account: str
    payer_name: str
    transaction_id: str
    line_hash: str


def _header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


class Refused(Exception):
    """The whole file cannot be read (its encoding, its header, its size): one problem, no line."""

    def __init__(self, code: str, **params: Any) -> None:
        self.problem: Problem = {"code": code, "params": params}
        super().__init__(code)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("encoding") from None


def _columns(header: list[str]) -> dict[str, int]:
    """Column index by field; a column without a name (a trailing separator in an export) is ignored."""
    unknown = [h for h in header if _header(h) and _header(h) not in ALIASES]
    if unknown:
        raise Refused("columns_unknown", cols=", ".join(unknown)[:300])
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        if not _header(name):
            continue
        key = ALIASES[_header(name)]
        if key in columns:
            raise Refused("column_twice", col=name[:60])
        columns[key] = i
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        names = {"date": "tanggal", "amount": "jumlah", "reference": "keterangan"}
        raise Refused("columns_missing", cols=", ".join(names[m] for m in missing))
    return columns


def parse_amount(text: str) -> int:
    """``1.234.567``, ``1,234,567.00``, ``Rp 1.234.567,00``, ``1.000.000,-`` → whole rupiah; anything else is refused.

    Thousands come in groups of three with one separator, so ``1,5``, ``100.000,5`` or ``1.234.567.00`` (which
    stripping the separators read as 15, 1,000,005 and 123,456,700) are not guessed at; sen other than 00 neither.
    """
    raw = re.sub(r"(?i)rp|idr|\s", "", text)
    negative = raw.startswith("-") or (raw.startswith("(") and raw.endswith(")"))
    raw = re.sub(r"[.,]$", "", raw.strip("-()"))  # "1.000.000,-": whole rupiah
    cents = re.fullmatch(r"(.+)([.,])(\d{2})", raw)
    if cents and raw.count(cents.group(2)) == 1:
        if cents.group(3) != "00":
            raise ValueError("cents")
        raw = cents.group(1)
    if not re.fullmatch(r"\d+|\d{1,3}([.,])\d{3}(\1\d{3})*", raw):
        raise ValueError("not a number")
    value = int(re.sub(r"[.,]", "", raw))
    return -value if negative else value


def parse_date(text: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date")


def line_hash(region_code: str, line: dict[str, str], received_on: dt.date, amount: int) -> str:
    parts = [
        region_code,
        received_on.isoformat(),
        str(amount),
        compact(line.get("reference", "")),
        compact(line.get("virtual_account", "")),
        line.get("transaction_id", "").strip(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _line(no: int, values: dict[str, str], region_code: str, today: dt.date) -> StatementLine | Problem:
    if not values["amount"].strip():
        return {"code": "amount_empty", "line": no}
    try:
        amount = parse_amount(values["amount"])
    except ValueError:
        return {"code": "amount_format", "line": no, "params": {"v": values["amount"][:30]}}
    try:
        received_on = parse_date(values["date"])
    except ValueError:
        return {"code": "date_format", "line": no, "params": {"v": values["date"][:20]}}
    if amount <= 0:
        return {"code": "amount_negative" if amount < 0 else "amount_zero", "line": no}
    if received_on > today:
        return {"code": "date_future", "line": no, "params": {"d": received_on.isoformat()}}
    if receipt_problem(amount, received_on, today) is not None:
        # Kept as the amount and day, worded on display by the shared bounds (an amount may pass 64 bits: text).
        return {"code": "receipt_bounds", "line": no, "params": {"amount": str(amount), "d": received_on.isoformat()}}
    return StatementLine(
        no,
        received_on,
        amount,
        values["reference"].strip()[:300],
        values.get("virtual_account", "").strip()[:32],
        values.get("payer_name", "").strip()[:200],
        values.get("transaction_id", "").strip()[:64],
        line_hash(region_code, values, received_on, amount),
    )


def _rows(text: str) -> list[list[str]]:
    """Rows of the CSV; the separator is the one the header line uses most (``;``, ``,`` or a tab)."""
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(cell.strip() for cell in row)]


def statement_check(
    content: bytes, *, region_code: str, today: dt.date, progress: Callable[[int, int], None] | None = None
) -> tuple[list[StatementLine], list[Problem]]:
    """Every good line of the statement and one problem per bad line (or one for the whole file).

    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` lines.
    """
    try:
        rows = _rows(_decode(content))
        if len(rows) < 2:
            raise Refused("empty")
        if len(rows) > MAX_LINES + 1:
            raise Refused("too_many", n=f"{MAX_LINES:,}")
        columns = _columns(rows[0])
    except Refused as refused:
        return [], [refused.problem]
    problems: list[Problem] = []
    lines: list[StatementLine] = []
    seen: dict[str, int] = {}
    total = len(rows) - 1
    for no, row in enumerate(rows[1:], start=2):
        values = {key: (row[i] if i < len(row) else "") for key, i in columns.items()}
        parsed = _line(no, values, region_code, today)
        if isinstance(parsed, dict):
            problems.append(parsed)
        elif parsed.line_hash in seen:
            problems.append({"code": "line_repeated", "line": no, "params": {"m": seen[parsed.line_hash]}})
        else:
            seen[parsed.line_hash] = no
            lines.append(parsed)
        if progress is not None and (no - 1) % PROGRESS_EVERY == 0:
            progress(no - 1, total)
    return lines, problems


def problem_message(problem: Problem) -> str:
    """One problem in the reader's language."""
    code = problem.get("code", "")
    params = {"n": problem.get("line"), "ok": ACCEPTED_HEADERS, **problem.get("params", {})}
    if code == "receipt_bounds":  # the shared bounds word it; no day passes ``date.max``
        day = dt.date.fromisoformat(params["d"])
        params["problem"] = receipt_problem(int(params["amount"]), day, dt.date.max) or ""
    template = _messages().get(code, _messages()["internal"])
    return template % params


def _messages() -> dict[str, str]:
    return {
        "encoding": _("Berkas bukan teks UTF-8: simpan rekening koran sebagai CSV (UTF-8)."),
        "empty": _("Berkas kosong: tidak ada baris transaksi di bawah baris judul kolom."),
        "too_many": _("Berkas terlalu besar: paling banyak %(n)s baris per impor."),
        "columns_unknown": _("Kolom tidak dikenal: %(cols)s. Kolom yang diterima: %(ok)s."),
        "column_twice": _("Kolom %(col)s muncul dua kali."),
        "columns_missing": _("Kolom wajib tidak ada: %(cols)s."),
        "amount_empty": _("baris %(n)s: kolom jumlah kosong."),
        "amount_format": _("baris %(n)s: jumlah %(v)s bukan angka rupiah utuh."),
        "date_format": _("baris %(n)s: tanggal %(v)s tidak dikenali (pakai TTTT-BB-HH atau HH/BB/TTTT)."),
        "amount_negative": _("baris %(n)s: jumlah negatif (debit) bukan penerimaan; hapus baris debit dari berkas."),
        "amount_zero": _("baris %(n)s: jumlah Rp 0."),
        "date_future": _("baris %(n)s: tanggal %(d)s di masa depan."),
        "receipt_bounds": _("baris %(n)s: %(problem)s"),
        "line_repeated": _(
            "baris %(n)s sama persis dengan baris %(m)s (duplikat); hapus salah satu, atau isi "
            "no_transaksi bila memang dua pembayaran."
        ),
        "already_imported": _("Berkas ini sudah diimpor pada %(when)s (%(n)s baris); tidak ada yang dicatat ulang."),
        "busy": _("Impor lain sedang mencatat baris yang sama; coba lagi sebentar lagi."),
        "internal": _("Pemrosesan gagal karena kesalahan sistem. Coba unggah lagi; jika berulang, hubungi admin."),
    }


def problem_messages(problems: list[Problem], count: int) -> list[str]:
    """The first ``MAX_ERRORS`` problems worded, how many more there were, and that nothing was recorded."""
    more = [_("… dan %(n)s masalah lain.") % {"n": count - MAX_ERRORS}] if count > MAX_ERRORS else []
    return [_("Berkas ditolak, tidak ada yang dicatat:"), *map(problem_message, problems[:MAX_ERRORS]), *more]


def parse_statement(content: bytes, *, region_code: str, today: dt.date) -> list[StatementLine]:
    """Every line of the statement, checked; raise ValidationError listing the problems (nothing is kept)."""
    lines, problems = statement_check(content, region_code=region_code, today=today)
    if problems and "line" not in problems[0]:
        raise ValidationError(problem_message(problems[0]))
    if problems:
        raise ValidationError(problem_messages(problems, len(problems)))
    return lines
