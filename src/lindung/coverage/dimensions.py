"""The shape of the coverage aggregates: slices, dimensions, measures, age bands and sectors.

Pure Python (no Django): the refresh, the selectors, the exports and the tests share these names.

A *person* is counted once per snapshot date (``participants``); the other measures count the persons of a
row who have at least one active membership with that property, so ``pu + bpu + …`` may exceed
``participants`` for the few persons in two segments. Single-valued dimensions (kecamatan, kelurahan, sector,
sex, age band) partition the persons; the agency dimension does not (a person reached by two agencies counts
for both).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Slices: whose figures a row belongs to. The region slice is the whole city; an agency slice holds the
#: persons an agency reaches; a district slice holds the persons living in one kecamatan.
SLICE_REGION = "region"
SLICE_AGENCY = "agency"
SLICE_DISTRICT = "district"

DIM_TOTAL = "total"
DIM_DISTRICT = "district"
DIM_VILLAGE = "village"
DIM_SECTOR = "sector"
DIM_SEX = "sex"
DIM_AGE = "age"
DIM_AGENCY = "agency"

#: Dimensions stored per slice kind (the district slice needs no kecamatan/kelurahan: the region slice has them).
SLICE_DIMENSIONS: dict[str, tuple[str, ...]] = {
    SLICE_REGION: (DIM_TOTAL, DIM_DISTRICT, DIM_VILLAGE, DIM_SECTOR, DIM_SEX, DIM_AGE, DIM_AGENCY),
    SLICE_AGENCY: (DIM_TOTAL, DIM_DISTRICT, DIM_VILLAGE, DIM_SECTOR, DIM_SEX, DIM_AGE),
    SLICE_DISTRICT: (DIM_TOTAL, DIM_SECTOR, DIM_SEX, DIM_AGE, DIM_AGENCY),
}

#: Counted per row. ``new``: persons whose membership started in the snapshot's month as a first
#: registration (not a wage change or a move, which continue an earlier row).
MEASURES: tuple[str, ...] = (
    "participants",
    "new",
    "pu",
    "bpu",
    "jakon",
    "pmi",
    "jkk",
    "jkm",
    "jht",
    "jp",
    "jkp",
    "apbd",
    "state",
)
SEGMENT_MEASURES = {"PU": "pu", "BPU": "bpu", "JASA_KONSTRUKSI": "jakon", "PMI": "pmi"}
PROGRAMME_MEASURES = {"JKK": ("jkk", 1), "JKM": ("jkm", 2), "JHT": ("jht", 4), "JP": ("jp", 8), "JKP": ("jkp", 16)}
#: Primary membership of a person in two segments (its sector is the person's): wage earners first.
SEGMENT_PRIORITY = {"PU": 0, "JASA_KONSTRUKSI": 1, "PMI": 2, "BPU": 3}

#: BPS age groups of the labour force (Sakernas), ten-year bands from 15.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("<15", 0, 14),
    ("15-24", 15, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 200),
)
UNKNOWN = ""


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    return next(key for key, low, high in AGE_BANDS if low <= age <= high) if age >= 0 else UNKNOWN


# KBLI 2020 sections by two-digit division (BPS, Klasifikasi Baku Lapangan Usaha Indonesia 2020).
_SECTION_RANGES: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)


def kbli_section(kbli: str | None) -> str:
    """The KBLI 2020 section letter of a code (``"49431"`` → ``"H"``), or "" when it is not a KBLI code."""
    digits = (kbli or "").strip()
    if len(digits) < 2 or not digits[:2].isdigit():
        return UNKNOWN
    division = int(digits[:2])
    return next((letter for letter, low, high in _SECTION_RANGES if low <= division <= high), UNKNOWN)


def agency_sections(sector_field: str | None) -> tuple[str, ...]:
    """The KBLI section letters an agency oversees (``Agency.sector`` holds them as ``"C, G"``)."""
    return tuple(part.strip().upper() for part in (sector_field or "").split(",") if part.strip())


@dataclass(frozen=True)
class SectorMap:
    """KBLI section letter → the workforce table's sector key (the denominator's sectors)."""

    by_section: dict[str, str]

    def for_employer(self, kbli: str | None) -> str:
        return self.by_section.get(kbli_section(kbli), UNKNOWN)

    def for_agency(self, sector_field: str | None) -> str:
        sections = agency_sections(sector_field)
        return self.by_section.get(sections[0], UNKNOWN) if sections else UNKNOWN

    def keys_for_sections(self, sections: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.by_section[s] for s in sections if s in self.by_section))


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def month_ends_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month end from ``first``'s month up to and including ``last`` (when ``last`` is one)."""
    ends: list[dt.date] = []
    day = month_end(first)
    while day <= last:
        ends.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return ends
