"""Parse and check the JSON input fields of the calc contract; every error names its field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Final

from lindung.rules.codes import (
    EMPLOYER_KINDS,
    EMPLOYER_SIZES,
    FUNDERS,
    MIN_PERIOD,
    PROGRAMS,
    SECTORS,
    SEGMENTS,
)
from lindung.rules.errors import RulesInputError
from lindung.rules.money import MAX_MONEY

_PERIOD: Final = re.compile(r"^(\d{4})-(\d{2})$")
_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
Obj = Mapping[str, object]


def choice(obj: Obj, name: str, accepted: Sequence[str], default: str | None = None) -> str:
    """A field that must be one of ``accepted`` (case-insensitive for upper-case codes)."""
    raw = obj.get(name, default)
    if raw is None:
        raise RulesInputError(name, f"{name} is required", accepted, code="required")
    text = str(raw).strip()
    for value in accepted:
        if text == value or text.upper() == value or text.lower() == value:
            return value
    raise RulesInputError(name, f"unknown {name} {raw!r}", accepted, code="unknown_value")


def segment(obj: Obj) -> str:
    return choice(obj, "segment", SEGMENTS)


def money(obj: Obj, name: str, *, required: bool = True, default: int | None = None) -> int | None:
    """Whole non-negative rupiah: an int, or a float with no fraction. Never rounds silently."""
    raw = obj.get(name)
    if raw is None:
        if required:
            raise RulesInputError(name, f"{name} is required (whole rupiah)", "integer >= 0", code="required")
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise RulesInputError(name, f"{name} must be a number of rupiah, got {raw!r}", "integer >= 0")
    if isinstance(raw, float) and not raw.is_integer():
        raise RulesInputError(name, f"{name} {raw} has a fraction; give whole rupiah", "integer >= 0")
    value = int(raw)
    if value < 0:
        raise RulesInputError(name, f"{name} cannot be negative ({value})", "integer >= 0", code="out_of_range")
    if value > MAX_MONEY:
        raise RulesInputError(name, f"{name} {value} is implausibly large", f"<= {MAX_MONEY}", code="out_of_range")
    return value


def integer(obj: Obj, name: str, low: int, high: int, default: int | None = None) -> int:
    raw = obj.get(name, default)
    accepted = f"integer {low}-{high}"
    if raw is None:
        raise RulesInputError(name, f"{name} is required", accepted, code="required")
    if isinstance(raw, bool) or not isinstance(raw, int | float) or (isinstance(raw, float) and not raw.is_integer()):
        raise RulesInputError(name, f"{name} must be a whole number, got {raw!r}", accepted)
    if not low <= int(raw) <= high:
        raise RulesInputError(name, f"{name} {int(raw)} is outside {low}-{high}", accepted, code="out_of_range")
    return int(raw)


def date(obj: Obj, name: str, *, required: bool = True) -> dt.date | None:
    """A YYYY-MM-DD date that exists (2025-02-30 is an error, not 2 March)."""
    raw = obj.get(name)
    if raw is None:
        if required:
            raise RulesInputError(name, f"{name} is required", "YYYY-MM-DD", code="required")
        return None
    match = _DATE.match(str(raw))
    if not match:
        raise RulesInputError(name, f"{name} {raw!r} is not a date", "YYYY-MM-DD")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise RulesInputError(name, f"{name} {raw} is an impossible date", "a real calendar date") from None


def period(obj: Obj) -> tuple[dt.date, dt.date | None]:
    """(first day of the contribution month, the exact date if ``date`` was given)."""
    if obj.get("date") is not None:
        day = date(obj, "date")
        assert day is not None
        _not_before_2015(day, "date")
        return day.replace(day=1), day
    raw = obj.get("period")
    if raw is None:
        raise RulesInputError("period", "give period (YYYY-MM) or date (YYYY-MM-DD)", "YYYY-MM", code="required")
    match = _PERIOD.match(str(raw))
    if not match or not 1 <= int(match[2]) <= 12:
        raise RulesInputError("period", f"period {raw!r} is not a month", "YYYY-MM, month 01-12")
    first = dt.date(int(match[1]), int(match[2]), 1)
    _not_before_2015(first, "period")
    return first, None


def _not_before_2015(day: dt.date, name: str) -> None:
    if day < MIN_PERIOD:
        raise RulesInputError(
            name,
            f"{name} {day:%Y-%m} is before 2015-07, when PP 44-46/2015 began",
            "2015-07 or later",
            code="out_of_range",
        )


def programs(obj: Obj, default: Sequence[str]) -> tuple[str, ...]:
    raw = obj.get("programs")
    if raw is None:
        return tuple(default)
    if isinstance(raw, str) or not isinstance(raw, list):
        raise RulesInputError("programs", "programs must be a list", PROGRAMS)
    out: list[str] = []
    for item in raw:
        name = str(item).strip().upper()
        if name not in PROGRAMS:
            raise RulesInputError("programs", f"unknown programme {item!r}", PROGRAMS, code="unknown_value")
        if name not in out:
            out.append(name)
    return tuple(p for p in PROGRAMS if p in out)


def flag(obj: Obj, name: str, default: bool = False) -> bool:
    raw = obj.get(name, default)
    if not isinstance(raw, bool):
        raise RulesInputError(name, f"{name} must be true or false", ("true", "false"))
    return raw


def sector(obj: Obj) -> str:
    return choice(obj, "sector", SECTORS, default="other")


def funded_by(obj: Obj, default: str) -> str:
    return choice(obj, "funded_by", FUNDERS, default=default)


def employer_kind(obj: Obj) -> str:
    return choice(obj, "employer_kind", EMPLOYER_KINDS, default="private")


def employer_size(obj: Obj, *, required: bool = False) -> str | None:
    if obj.get("employer_size") is None and not required:
        return None
    return choice(obj, "employer_size", EMPLOYER_SIZES)


def money_list(obj: Obj, name: str) -> list[int] | None:
    raw = obj.get(name)
    if raw is None:
        return None
    if not isinstance(raw, list):
        raise RulesInputError(name, f"{name} must be a list of whole rupiah", "list of integers >= 0")
    values: list[int] = []
    for i, item in enumerate(raw):
        value = money({name: item}, name)
        assert value is not None
        values.append(value)
        del i
    return values
