"""Parse text cells into typed columns, a whole column at a time (Polars expressions, no per-row Python).

Each parser returns a pair of expressions: the parsed value (null when absent or bad) and an issue code (null
when the cell is fine). The codes are those of ``imports.messages``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from lindung.registry.models import Program

Pair = tuple[pl.Expr, pl.Expr]
ISO = r"^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[ T]00:00:00(?:\.0+)?)?$"
DMY = r"^(?<a>\d{1,2})[/\-](?<b>\d{1,2})[/\-](?<y>\d{4})$"
TWO_DIGIT_YEAR = r"^\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2}$"
MAX_MONEY = 10_000_000_000
_MALE = ["l", "lk", "laki laki", "laki-laki", "pria", "m", "male"]
_FEMALE = ["p", "pr", "perempuan", "wanita", "w", "f", "female"]
_TRUE = ["y", "ya", "yes", "1", "true", "benar"]
_FALSE = ["t", "tidak", "n", "no", "0", "false", "salah"]


def by_distinct(frame: pl.DataFrame, column: str, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
    """Evaluate ``exprs`` once per distinct value of ``column`` and join the results back onto every row.

    A million rows hold a few thousand birth dates, one start date, a few hundred wages: parsing those and
    joining is far cheaper than running the regexes on every row.
    """
    distinct = frame.select(column).unique().with_columns(**exprs)
    return frame.join(distinct, on=column, how="left", nulls_equal=True, maintain_order="left")


def required(key: str, code: pl.Expr) -> pl.Expr:
    """'required' where the cell is empty, else the parser's own code."""
    return pl.when(pl.col(key).is_null()).then(pl.lit("required")).otherwise(code)


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    text = pl.concat_str(y, pl.lit("-"), m.str.zfill(2), pl.lit("-"), d.str.zfill(2))
    return text.str.to_date("%Y-%m-%d", strict=False)


def month_first_column(series: pl.Series) -> bool:
    """Whether some d/m/yyyy cell of the column can only be month-first (second part above 12)."""
    parts = series.str.extract_groups(DMY)
    a = parts.struct.field("a").cast(pl.Int32, strict=False)
    b = parts.struct.field("b").cast(pl.Int32, strict=False)
    return bool(((a <= 12) & (b > 12)).any())


def date(column: str, *, month_first_seen: bool, latest: dt.date | None = None) -> Pair:
    """dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd (and Excel date cells); a two-digit year or, in a column that
    elsewhere writes month first, a day and month both up to 12, are ambiguous and refused."""
    s = pl.col(column)
    iso = s.str.extract_groups(ISO)
    dmy = s.str.extract_groups(DMY)
    a, b = dmy.struct.field("a"), dmy.struct.field("b")
    ai, bi = a.cast(pl.Int32, strict=False), b.cast(pl.Int32, strict=False)
    is_iso, is_dmy = iso.struct.field("y").is_not_null(), a.is_not_null()
    value = (
        pl.when(is_iso)
        .then(_ymd(iso.struct.field("y"), iso.struct.field("m"), iso.struct.field("d")))
        .when(is_dmy & (bi <= 12))
        .then(_ymd(dmy.struct.field("y"), b, a))
    )
    ambiguous = is_dmy & (ai <= 12) & (bi <= 12) & pl.lit(month_first_seen)
    code: pl.Expr = (
        pl.when(s.is_null())
        .then(None)
        .when(s.str.contains(TWO_DIGIT_YEAR))
        .then(pl.lit("date_ambiguous_year"))
        .when(is_dmy & (bi > 12) & (ai <= 12))
        .then(pl.lit("date_month_first"))
        .when(ambiguous)
        .then(pl.lit("date_ambiguous_order"))
        .when(~is_iso & ~is_dmy)
        .then(pl.lit("date_format"))
        .when(value.is_null())
        .then(pl.lit("date_invalid"))
    )
    if latest is not None:
        code = pl.when(code.is_null() & (value > pl.lit(latest))).then(pl.lit("date_future")).otherwise(code)
    return pl.when(code.is_null()).then(value), code


#: A whole amount with a zero fraction: 4500000.0 (Excel), 4.500.000,00 (a CSV from Excel in the id-ID locale,
#: decimal comma), 4,500,000.00; the fraction's separator is not the one grouping the thousands.
ZERO_FRACTION = r"^(?:\d{1,3}(?:\.\d{3})+|\d+),0{1,2}$|^(?:\d{1,3}(?:,\d{3})+|\d+)\.0+$"
FRACTION = r"^(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$|^(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$"


def money(column: str) -> Pair:
    """Whole rupiah: 4500000, 4.500.000, 4,500,000, Rp 4.500.000, 4500000.0 (Excel), 4.500.000,00 (decimal
    comma); not text or fractions."""
    s = pl.col(column).str.replace(r"(?i)^rp\.?", "").str.replace_all(r"\s", "")
    float_zero = s.str.contains(ZERO_FRACTION)
    whole = pl.when(float_zero).then(s.str.replace(r"[.,]0+$", "")).otherwise(s)
    thousands = whole.str.contains(r"^\d{1,3}([.,]\d{3})+$")
    plain = whole.str.contains(r"^-?\d+$")
    value = (
        pl.when(thousands)
        .then(whole.str.replace_all(r"[.,]", "").cast(pl.Int64, strict=False))
        .when(plain)
        .then(whole.cast(pl.Int64, strict=False))
    )
    code = (
        pl.when(pl.col(column).is_null())
        .then(None)
        .when(s.str.contains(r"^-?\d+([.,]\d+)?$") & s.str.starts_with("-"))
        .then(pl.lit("number_negative"))
        .when(s.str.contains(FRACTION) & ~thousands & ~float_zero)
        .then(pl.lit("number_fraction"))
        .when((thousands | plain | float_zero) & (value.is_null() | (value > MAX_MONEY)))
        .then(pl.lit("number_too_large"))  # digits, not text: past Int64 the cast above gives null
        .when(value.is_null())
        .then(pl.lit("number_text"))
    )
    return pl.when(code.is_null()).then(value), code


def _mapped(column: str, mapping: dict[str, object], bad: str, dtype: pl.DataType) -> Pair:
    s = pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ")
    value = s.replace_strict(mapping, default=None, return_dtype=dtype)
    code = pl.when(pl.col(column).is_not_null() & value.is_null()).then(pl.lit(bad))
    return value, code


def sex(column: str) -> Pair:
    """L/P (laki-laki, perempuan) or M/F -> "M"/"F"."""
    mapping: dict[str, object] = {**dict.fromkeys(_MALE, "M"), **dict.fromkeys(_FEMALE, "F")}
    return _mapped(column, mapping, "sex_invalid", pl.String())


def boolean(column: str) -> Pair:
    """Y/Ya/1 or T/Tidak/0 (empty is no)."""
    mapping: dict[str, object] = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
    value, code = _mapped(column, mapping, "bool_invalid", pl.Boolean())
    return value.fill_null(False), code


def programs(column: str) -> Pair:
    """'JKK, JKM, JHT' -> the programme bit mask; null when the cell is empty (the default applies)."""
    bits = {p.label: p.value for p in Program}
    names = pl.col(column).str.to_uppercase().str.replace_all(r"[;/+\s]+", ",").str.split(",")
    names = names.list.eval(pl.element().filter(pl.element() != ""))
    unknown = names.list.eval(~pl.element().is_in(list(bits))).list.any()
    mask = names.list.eval(pl.element().replace_strict(bits, default=0, return_dtype=pl.Int64)).list.sum()
    code = pl.when(pl.col(column).is_not_null() & unknown).then(pl.lit("program_unknown"))
    return pl.when(pl.col(column).is_not_null() & code.is_null()).then(mask), code


def digits(column: str, length: int, bad: str) -> Pair:
    """An identifier of ``length`` digits (spaces, dots and dashes removed)."""
    s = pl.col(column).str.replace_all(r"[\s.\-]", "")
    ok = s.str.contains(rf"^\d{{{length}}}$")
    return pl.when(ok).then(s), pl.when(pl.col(column).is_not_null() & ~ok).then(pl.lit(bad))


def text(column: str, max_length: int) -> Pair:
    s = pl.col(column).str.replace_all(r"\s+", " ")
    return pl.when(s.str.len_chars() <= max_length).then(s), pl.when(s.str.len_chars() > max_length).then(
        pl.lit("too_long")
    )


def lookup(column: str, mapping: dict[str, object], bad: str) -> Pair:
    """A value looked up by its folded text (kelurahan code or name, vulnerability category)."""
    folded = pl.col(column).str.to_lowercase().str.replace_all(r"\s+", " ")
    value = folded.replace_strict(mapping, default=None, return_dtype=pl.Int64 if _ints(mapping) else pl.String)
    return value, pl.when(pl.col(column).is_not_null() & value.is_null()).then(pl.lit(bad))


def _ints(mapping: dict[str, object]) -> bool:
    return bool(mapping) and all(isinstance(v, int) for v in mapping.values())
