"""Working days: Indonesian public holidays and cuti bersama as data (parameters/holidays.yaml)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Final

import yaml

from lindung.rules.errors import ParameterDataError, RulesNotCoveredError
from lindung.rules.params import PARAMETER_DIR, SAFE_LOADER, Reference, value_at

HOLIDAY_FILE: Final = PARAMETER_DIR / "holidays.yaml"
FIRST_YEAR: Final = 2015
DAY_TYPES: Final = ("libur_nasional", "cuti_bersama")


def load_holidays(path: Path = HOLIDAY_FILE) -> dict[int, tuple[Reference, dict[dt.date, tuple[str, str]]]]:
    """Load and validate the holiday file: every year present from 2015, every day inside its year."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    years = data.get("years") if isinstance(data, dict) else None
    if not isinstance(years, dict) or not years:
        raise ParameterDataError(f"{path.name}: needs 'years'")
    out: dict[int, tuple[Reference, dict[dt.date, tuple[str, str]]]] = {}
    for year, body in years.items():
        ref = body.get("reference") if isinstance(body, dict) else None
        if not isinstance(ref, dict) or not ref.get("regulation"):
            raise ParameterDataError(f"{path.name}:{year}: every year needs a reference (SKB/Keppres)")
        days: dict[dt.date, tuple[str, str]] = {}
        for item in body.get("days") or []:
            day, name, kind = item
            if not isinstance(day, dt.date) or day.year != year or kind not in DAY_TYPES:
                raise ParameterDataError(f"{path.name}:{year}: bad day {item!r}")
            days[day] = (str(name), str(kind))
        reference = Reference(str(ref["regulation"]), "", dt.date(int(year), 1, 1), ref.get("url"))
        out[int(year)] = (reference, days)
    expected = set(range(FIRST_YEAR, max(out) + 1))
    if set(out) != expected:
        raise ParameterDataError(f"{path.name}: years missing: {sorted(expected - set(out))}")
    return out


_HOLIDAYS: Final = load_holidays()
LAST_YEAR: Final = max(_HOLIDAYS)


def holiday_years() -> tuple[int, ...]:
    return tuple(sorted(_HOLIDAYS))


def holidays_of(year: int) -> tuple[Reference, dict[dt.date, tuple[str, str]]]:
    """The reference and the days off (date → (name, type)) of ``year``; raises outside the data."""
    try:
        return _HOLIDAYS[year]
    except KeyError:
        raise RulesNotCoveredError(
            "holidays", f"no holiday data for {year} (have {FIRST_YEAR}-{LAST_YEAR}); add the SKB to holidays.yaml"
        ) from None


@cache
def _days_off(year: int, with_cuti_bersama: bool) -> frozenset[dt.date]:
    _, days = holidays_of(year)
    return frozenset(d for d, (_, kind) in days.items() if with_cuti_bersama or kind == "libur_nasional")


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a public holiday (nor cuti bersama, per deadlines_fines.cuti_bersama_is_day_off)."""
    if day.weekday() >= 5:
        return False
    cuti = bool(value_at("deadlines_fines.cuti_bersama_is_day_off", max(day, dt.date(2015, 7, 1))).value)
    return day not in _days_off(day.year, cuti)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
