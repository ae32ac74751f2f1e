"""Small integer codes for the categorical inputs of the vectorised engine, and their names."""

from __future__ import annotations

import datetime as dt
from typing import Final

from lindung.rules.params import all_parameters

SEGMENTS: Final = ("PU", "BPU", "JASA_KONSTRUKSI", "PMI")
ENGINE_SEGMENTS: Final = ("PU", "BPU")  # the per-person monthly engine; construction and PMI have their own
PU: Final = 0
BPU: Final = 1

PROGRAMS: Final = ("JKK", "JKM", "JHT", "JP", "JKP")
PROGRAM_BIT: Final = {name: 1 << i for i, name in enumerate(PROGRAMS)}
ALL_PROGRAMS_MASK: Final = (1 << len(PROGRAMS)) - 1

FUNDERS: Final = ("employer", "self", "apbd", "apbn", "sponsor")
FUNDER_CODE: Final = {name: i for i, name in enumerate(FUNDERS)}
EMPLOYER_KINDS: Final = ("state", "private", "other")
EMPLOYER_SIZES: Final = ("micro", "small", "medium", "large")

# Who a row's amounts are charged to. PU rows follow the legal split; a BPU row is charged to its funder.
PAYER_LEGAL_SPLIT: Final = 0
PAYER_WORKER: Final = 1
PAYER_EMPLOYER: Final = 2
PAYER_GOVERNMENT: Final = 3
FUNDER_PAYER: Final = {
    "self": PAYER_WORKER,
    "employer": PAYER_EMPLOYER,
    "sponsor": PAYER_EMPLOYER,
    "apbd": PAYER_GOVERNMENT,
    "apbn": PAYER_GOVERNMENT,
}

MIN_PERIOD: Final = dt.date(2015, 7, 1)  # PP 44/2015, 45/2015, 46/2015 in force 1 Jul 2015


def _sector_names() -> tuple[str, ...]:
    # Every sector named by a discount parameter becomes a code, so a new listed sector is a YAML change only.
    names: set[str] = set()
    for name in ("discounts.labour_intensive_sectors", "discounts.bpu_transport_sectors"):
        for entry in all_parameters()[name].values:
            if isinstance(entry.value, tuple):
                names.update(str(v) for v in entry.value)
    return ("other", *sorted(names))


SECTORS: Final = _sector_names()
SECTOR_CODE: Final = {name: i for i, name in enumerate(SECTORS)}


def month_index(year: int, month: int) -> int:
    """Months since year 0: the engine's period code (``2025-03`` → 2025 × 12 + 2)."""
    return year * 12 + month - 1


def month_start(index: int) -> dt.date:
    """First day of the month with engine code ``index``."""
    return dt.date(index // 12, index % 12 + 1, 1)


def programs_mask(names: list[str] | tuple[str, ...]) -> int:
    """Bit mask of programme names (validated by the caller)."""
    mask = 0
    for name in names:
        mask |= PROGRAM_BIT[name]
    return mask
