"""Per-month rate tables for the vectorised engine, built from the scalar rules in ``rates``.

Every rate is stored as an integer numerator over ``FINE_RATE_SCALE`` (10**7), exact for every rate and
discount in the parameters (0.24 % × 1 % = 240 / 10**7). A row picks its entry by month and by a small
"kind" code, so the hot path is a handful of gathers and integer operations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from lindung.rules import rates
from lindung.rules.codes import BPU, FUNDERS, PU, SECTORS, month_start
from lindung.rules.money import FINE_RATE_SCALE, rate_numerator

I64 = npt.NDArray[np.int64]
BOOL = npt.NDArray[np.bool_]
JKK_KINDS: Final = 12  # PU risk 1-5 × (no discount, padat karya) = 0..9; BPU (no discount, transport) = 10, 11
NO_THRESHOLD: Final = np.iinfo(np.int64).max


def jkk_case(kind: int) -> rates.Case:
    """The Case of a JKK/JKM kind code."""
    if kind >= 10:
        return rates.Case(segment=BPU, bpu_transport=kind == 11)
    return rates.Case(segment=PU, risk_group=kind % 5 + 1, labour_intensive=kind >= 5)


@dataclass(frozen=True)
class Tables:
    """Integer rate tables for months ``first_month`` .. ``first_month + months - 1``."""

    first_month: int
    months: int
    jkk_num: I64  # [month * 12 + kind]
    jkm_num: I64  # [month * 12 + kind]
    jkm_flat: I64  # [month * 12 + kind], rupiah
    jht_employer_num: I64  # [month * 2 + segment]
    jht_worker_num: I64
    jp_employer_num: I64  # [month * 2 + deferral]
    jp_worker_num: I64
    jp_cap: I64  # [month]
    jkp_num: I64  # [month]
    jkp_cap: I64  # [month]
    labour_sector: BOOL  # [month * len(SECTORS) + sector]
    labour_threshold: I64  # [month]
    transport_sector: BOOL  # [month * len(SECTORS) + sector]
    transport_excluded: BOOL  # [month * len(FUNDERS) + funder]


def _num(rate: Fraction) -> int:
    return rate_numerator(rate, FINE_RATE_SCALE)


def _month_rows(day: dt.date) -> dict[str, list[int]]:
    row: dict[str, list[int]] = {k: [] for k in ("jkk", "jkm", "flat", "jhte", "jhtw", "jpe", "jpw")}
    for kind in range(JKK_KINDS):
        case = jkk_case(kind)
        row["jkk"].append(_num(rates.jkk_rate(day, case)[0]))
        jkm_rate, flat, _ = rates.jkm_terms(day, case)
        row["jkm"].append(_num(jkm_rate))
        row["flat"].append(flat)
    for segment in (PU, BPU):
        employer, worker, _ = rates.jht_rates(day, rates.Case(segment=segment))
        row["jhte"].append(_num(employer))
        row["jhtw"].append(_num(worker))
    for deferral in (False, True):
        jp_e, jp_w, _, _ = rates.jp_terms(day, rates.Case(segment=PU, jp_deferral=deferral))
        row["jpe"].append(_num(jp_e))
        row["jpw"].append(_num(jp_w))
    return row


def _sector_flags(day: dt.date) -> tuple[list[bool], int, list[bool], list[bool]]:
    labour = rates.labour_intensive_terms(day)
    transport = rates.bpu_transport_terms(day)
    labour_sectors, threshold = labour if labour else (frozenset[str](), int(NO_THRESHOLD))
    transport_sectors, excluded = transport if transport else (frozenset[str](), frozenset[str]())
    return (
        [s in labour_sectors for s in SECTORS],
        threshold,
        [s in transport_sectors for s in SECTORS],
        [f in excluded for f in FUNDERS],
    )


@lru_cache(maxsize=64)
def build_tables(first_month: int, last_month: int, as_of: dt.date | None = None) -> Tables:
    """Tables for every month in the range; ``as_of`` forces one lookup day for all (single-date calls)."""
    cols: dict[str, list[int]] = {}
    caps: dict[str, list[int]] = {"jp_cap": [], "jkp_num": [], "jkp_cap": [], "thr": []}
    flags: dict[str, list[bool]] = {"ls": [], "ts": [], "tx": []}
    for month in range(first_month, last_month + 1):
        day = as_of or month_start(month)
        for key, values in _month_rows(day).items():
            cols.setdefault(key, []).extend(values)
        caps["jp_cap"].append(rates.jp_terms(day, rates.Case(segment=PU))[2])
        jkp_rate, jkp_cap, _ = rates.jkp_terms(day, rates.Case(segment=PU))
        caps["jkp_num"].append(_num(jkp_rate))
        caps["jkp_cap"].append(jkp_cap)
        labour, threshold, transport, excluded = _sector_flags(day)
        flags["ls"].extend(labour)
        caps["thr"].append(threshold)
        flags["ts"].extend(transport)
        flags["tx"].extend(excluded)

    def i64(values: list[int]) -> I64:
        return np.asarray(values, dtype=np.int64)

    def b(values: list[bool]) -> BOOL:
        return np.asarray(values, dtype=np.bool_)

    return Tables(
        first_month=first_month,
        months=last_month - first_month + 1,
        jkk_num=i64(cols["jkk"]),
        jkm_num=i64(cols["jkm"]),
        jkm_flat=i64(cols["flat"]),
        jht_employer_num=i64(cols["jhte"]),
        jht_worker_num=i64(cols["jhtw"]),
        jp_employer_num=i64(cols["jpe"]),
        jp_worker_num=i64(cols["jpw"]),
        jp_cap=i64(caps["jp_cap"]),
        jkp_num=i64(caps["jkp_num"]),
        jkp_cap=i64(caps["jkp_cap"]),
        labour_sector=b(flags["ls"]),
        labour_threshold=i64(caps["thr"]),
        transport_sector=b(flags["ts"]),
        transport_excluded=b(flags["tx"]),
    )


@lru_cache(maxsize=8)
def pension_month_offsets(first_birth_year: int, last_birth_year: int) -> I64:
    """Months from birth month to the JP pension month, by birth year (PP 45/2015 Pasal 15)."""
    return np.asarray(
        [rates.pension_month(y, 1) - y * 12 for y in range(first_birth_year, last_birth_year + 1)], dtype=np.int64
    )
