"""Read a bank statement (CSV) into checked lines; any problem rejects the whole file with clear messages.

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
from dataclasses import dataclass
from typing import Final

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


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Berkas bukan teks UTF-8: simpan rekening koran sebagai CSV (UTF-8).")) from None


def _columns(header: list[str]) -> dict[str, int]:
    """Column index by field; a column without a name (a trailing separator in an export) is ignored."""
    unknown = [h for h in header if _header(h) and _header(h) not in ALIASES]
    if unknown:
        raise ValidationError(
            _("Kolom tidak dikenal: %(cols)s. Kolom yang diterima: %(ok)s.")
            % {"cols": ", ".join(unknown), "ok": ACCEPTED_HEADERS}
        )
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        if not _header(name):
            continue
        key = ALIASES[_header(name)]
        if key in columns:
            raise ValidationError(_("Kolom %(col)s muncul dua kali.") % {"col": name})
        columns[key] = i
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        names = {"date": "tanggal", "amount": "jumlah", "reference": "keterangan"}
        raise ValidationError(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(names[m] for m in missing)})
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


def _line(no: int, values: dict[str, str], region_code: str, today: dt.date) -> StatementLine | str:
    if not values["amount"].strip():
        return _("baris %(n)s: kolom jumlah kosong.") % {"n": no}
    try:
        amount = parse_amount(values["amount"])
    except ValueError:
        return _("baris %(n)s: jumlah %(v)s bukan angka rupiah utuh.") % {"n": no, "v": values["amount"][:30]}
    try:
        received_on = parse_date(values["date"])
    except ValueError:
        return _("baris %(n)s: tanggal %(v)s tidak dikenali (pakai TTTT-BB-HH atau HH/BB/TTTT).") % {
            "n": no,
            "v": values["date"][:20],
        }
    if amount < 0:
        return _("baris %(n)s: jumlah negatif (debit) bukan penerimaan; hapus baris debit dari berkas.") % {"n": no}
    if amount == 0:
        return _("baris %(n)s: jumlah Rp 0.") % {"n": no}
    if received_on > today:
        return _("baris %(n)s: tanggal %(d)s di masa depan.") % {"n": no, "d": received_on.isoformat()}
    problem = receipt_problem(amount, received_on, today)
    if problem is not None:
        return _("baris %(n)s: %(problem)s") % {"n": no, "problem": problem}
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


def parse_statement(content: bytes, *, region_code: str, today: dt.date) -> list[StatementLine]:
    """Every line of the statement, checked; raise ValidationError listing the problems (nothing is kept)."""
    rows = _rows(_decode(content))
    if len(rows) < 2:
        raise ValidationError(_("Berkas kosong: tidak ada baris transaksi di bawah baris judul kolom."))
    if len(rows) > MAX_LINES + 1:
        raise ValidationError(_("Berkas terlalu besar: paling banyak %(n)s baris per impor.") % {"n": f"{MAX_LINES:,}"})
    columns = _columns(rows[0])
    errors: list[str] = []
    lines: list[StatementLine] = []
    seen: dict[str, int] = {}
    for no, row in enumerate(rows[1:], start=2):
        values = {key: (row[i] if i < len(row) else "") for key, i in columns.items()}
        parsed = _line(no, values, region_code, today)
        if isinstance(parsed, str):
            errors.append(parsed)
        elif parsed.line_hash in seen:
            errors.append(
                _(
                    "baris %(n)s sama persis dengan baris %(m)s (duplikat); hapus salah satu, atau isi "
                    "no_transaksi bila memang dua pembayaran."
                )
                % {"n": no, "m": seen[parsed.line_hash]}
            )
        else:
            seen[parsed.line_hash] = no
            lines.append(parsed)
    if errors:
        more = [_("… dan %(n)s masalah lain.") % {"n": len(errors) - MAX_ERRORS}] if len(errors) > MAX_ERRORS else []
        raise ValidationError([_("Berkas ditolak, tidak ada yang dicatat:"), *errors[:MAX_ERRORS], *more])
    return lines
