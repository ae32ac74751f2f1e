"""Explanation traces and plain sentences (Bahasa Indonesia first, English second)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from lindung.rules.money import format_rate
from lindung.rules.params import ParameterValue

TraceItem = dict[str, object]

PAYER_WORDS = {
    "employer": ("pemberi kerja", "the employer"),
    "worker": ("pekerja", "the worker"),
    "government": ("pemerintah", "the government"),
}


def format_value(value: object) -> str:
    """Show a parameter value for people: rates as percents, rupiah with thousands separators."""
    if isinstance(value, Fraction):
        return format_rate(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, tuple):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def trace_item(entry: ParameterValue) -> TraceItem:
    """One line of a trace: the parameter, its value, when it took effect, and the law behind it."""
    item: TraceItem = {
        "parameter": entry.name,
        "value": format_value(entry.value),
        "effective_from": entry.start.isoformat(),
        "reference": entry.reference.short(),
        "confidence": entry.confidence,
    }
    if entry.end is not None:
        item["effective_to"] = entry.end.isoformat()
    if entry.reference.url:
        item["url"] = entry.reference.url
    if entry.note:
        item["note"] = entry.note
    return item


def trace(entries: Iterable[ParameterValue]) -> list[TraceItem]:
    """Trace items without duplicates, in the order used."""
    seen: set[tuple[str, str]] = set()
    out: list[TraceItem] = []
    for entry in entries:
        key = (entry.name, entry.start.isoformat())
        if key not in seen:
            seen.add(key)
            out.append(trace_item(entry))
    return out


def references(entries: Iterable[ParameterValue]) -> list[str]:
    """Distinct short references (``PP 44/2015 Pasal 16``), in the order used."""
    out: list[str] = []
    for entry in entries:
        ref = entry.reference.short()
        if ref not in out:
            out.append(ref)
    return out


def rupiah_id(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def rupiah_en(amount: int) -> str:
    return f"Rp {amount:,}"


def rate_id(rate: Fraction) -> str:
    return format_rate(rate).replace(".", ",")


def payer_phrase(shares: Mapping[str, int], lang: int) -> str:
    """``pemberi kerja Rp 1.000 dan pekerja Rp 500`` (lang 0) or the English equivalent (lang 1)."""
    money = rupiah_id if lang == 0 else rupiah_en
    parts = [f"{PAYER_WORDS[k][lang]} {money(v)}" for k, v in shares.items() if v]
    joiner = " dan " if lang == 0 else " and "
    if not parts:
        return "tidak ada yang dibayar" if lang == 0 else "nothing is due"
    return joiner.join(parts)
