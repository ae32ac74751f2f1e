"""Vectorised contributions of PU and BPU rows: numpy columns in, int64 rupiah columns out.

The hot path has no per-row Python: rows are cut into cache-sized chunks that two threads evaluate
(numpy releases the GIL inside its loops), each chunk doing a few table gathers and integer operations
and writing straight into the preallocated output columns. Amounts follow ROUND_HALF_UP_RUPIAH
(``lindung.rules.money``) at FINE_RATE_SCALE. The result keeps one column per legally distinct amount
(JKK, JKM, JHT employer/worker, JP employer/worker, JKP government) and derives the employer / worker /
government / total views on demand, which keeps 10 million rows well under 1 GB of output.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from lindung.rules.codes import (
    BPU,
    FUNDER_CODE,
    FUNDERS,
    MIN_PERIOD,
    PROGRAM_BIT,
    PU,
    SECTORS,
    month_index,
)
from lindung.rules.errors import RulesInputError
from lindung.rules.money import FINE_RATE_SCALE, MAX_MONEY
from lindung.rules.tables import Tables, build_tables, pension_month_offsets

I64 = npt.NDArray[np.int64]
BoolLike = npt.NDArray[np.bool_] | bool
CHUNK_ROWS: Final = 1 << 16
HALF: Final = FINE_RATE_SCALE // 2
NS: Final = len(SECTORS)
NF: Final = len(FUNDERS)
BIT_JKK, BIT_JKM, BIT_JHT, BIT_JP, BIT_JKP = (PROGRAM_BIT[p] for p in ("JKK", "JKM", "JHT", "JP", "JKP"))


@dataclass
class ContributionColumns:
    """Input columns, one entry per row. Optional columns default to: birth unknown (pension age not
    checked), sector ``other``, 0 participants, funded by ``self``, no JP deferral."""

    segment: npt.NDArray[np.int8]  # codes.PU / codes.BPU
    period: npt.NDArray[np.int32]  # month code: year * 12 + month - 1
    wage: I64  # PU monthly wage or BPU declared income, whole rupiah
    risk_group: npt.NDArray[np.int8]  # 1-5 for PU, ignored for BPU
    programs: npt.NDArray[np.uint8]  # bit mask of codes.PROGRAM_BIT
    birth_month: npt.NDArray[np.int32] | None = None  # month code of the birth date, -1 if unknown
    sector: npt.NDArray[np.int8] | None = None  # codes.SECTOR_CODE
    participants: npt.NDArray[np.int32] | None = None  # employer's active participants
    funded_by: npt.NDArray[np.int8] | None = None  # codes.FUNDER_CODE
    jp_deferral: npt.NDArray[np.bool_] | None = None  # PP 49/2020 JP deferral granted

    def __len__(self) -> int:
        return int(self.wage.shape[0])


@dataclass
class ContributionResult:
    """Amounts per row. Use ``share(program, share)`` for the employer/worker/government/total view."""

    segment: npt.NDArray[np.int8]
    funded_by: npt.NDArray[np.int8] | None
    jkk: I64
    jkm: I64
    jht_employer: I64
    jht_worker: I64
    jp_employer: I64
    jp_worker: I64
    jkp_government: I64
    jp_deferred: I64 | None = None
    _payer: npt.NDArray[np.int8] | None = field(default=None, repr=False)

    def legal_split(self, program: str) -> tuple[I64 | None, I64 | None, I64 | None]:
        """(employer, worker, government) as the law splits them for PU; None means always zero."""
        splits: dict[str, tuple[I64 | None, I64 | None, I64 | None]] = {
            "JKK": (self.jkk, None, None),
            "JKM": (self.jkm, None, None),
            "JHT": (self.jht_employer, self.jht_worker, None),
            "JP": (self.jp_employer, self.jp_worker, None),
            "JKP": (None, None, self.jkp_government),
        }
        return splits[program]

    def payer(self) -> npt.NDArray[np.int8]:
        """Who pays a BPU row (by funder); 0 for PU rows, whose legal split stands."""
        if self._payer is None:
            from lindung.rules.codes import FUNDER_PAYER

            table = np.asarray([FUNDER_PAYER[f] for f in FUNDERS], dtype=np.int8)
            funded = self.funded_by if self.funded_by is not None else np.full_like(self.segment, FUNDER_CODE["self"])
            self._payer = np.where(self.segment == PU, np.int8(0), table[funded]).astype(np.int8)
        return self._payer

    def share(self, program: str, share: str) -> I64:
        """One output column: ``share`` is employer, worker, government or total."""
        parts = self.legal_split(program)
        total = np.zeros(len(self.segment), dtype=np.int64)
        for part in parts:
            if part is not None:
                total += part
        if share == "total":
            return total
        index = ("employer", "worker", "government").index(share)
        legal = parts[index]
        pu_value = legal if legal is not None else np.zeros_like(total)
        if not np.any(self.segment == BPU):
            return pu_value.copy()
        code = (2, 1, 3)[index]  # codes.PAYER_EMPLOYER, PAYER_WORKER, PAYER_GOVERNMENT
        moved = np.where(self.payer() == code, total, 0)
        return np.where(self.segment == PU, pu_value, moved)

    def to_arrow(self) -> object:
        """A pyarrow Table with ``<program>_<share>`` columns (materialises every view)."""
        import pyarrow as pa

        columns = {
            f"{p.lower()}_{s}": pa.array(self.share(p, s))
            for p in ("JKK", "JKM", "JHT", "JP", "JKP")
            for s in ("employer", "worker", "government", "total")
        }
        return pa.table(columns)


def _check(ok: bool, field_name: str, message: str, accepted: str) -> None:
    if not ok:
        raise RulesInputError(field_name, message, accepted, code="out_of_range")


def validate_columns(cols: ContributionColumns) -> None:
    """Column-level checks (a few reductions): raise RulesInputError naming the bad column."""
    n = len(cols)
    if n == 0:
        return
    first = month_index(MIN_PERIOD.year, MIN_PERIOD.month)
    _check(int(cols.period.min()) >= first, "period", "a period is before 2015-07", "2015-07 or later")
    _check(int(cols.wage.min()) >= 0, "monthly_wage", "a wage or declared income is negative", "0 or more")
    _check(int(cols.wage.max()) <= MAX_MONEY, "monthly_wage", "a wage is implausibly large", f"<= {MAX_MONEY}")
    _check(int(cols.segment.min()) >= PU and int(cols.segment.max()) <= BPU, "segment", "bad code", "0 PU, 1 BPU")
    risk_ok = int(cols.risk_group.max()) <= 5 and not np.any((cols.risk_group < 1) & (cols.segment == PU))
    _check(risk_ok, "jkk_risk_group", "a PU row has a risk group outside 1-5", "1, 2, 3, 4, 5")
    if cols.sector is not None:
        _check(int(cols.sector.min()) >= 0 and int(cols.sector.max()) < NS, "sector", "bad code", ", ".join(SECTORS))
    if cols.funded_by is not None:
        ok = int(cols.funded_by.min()) >= 0 and int(cols.funded_by.max()) < NF
        _check(ok, "funded_by", "bad code", ", ".join(FUNDERS))


def _round_rate(base: I64, numerator: I64, out: I64) -> I64:
    np.multiply(base, numerator, out=out)
    out += HALF
    out //= FINE_RATE_SCALE
    return out


def _flags(cols: ContributionColumns, t: Tables, sl: slice, mi: npt.NDArray[np.intp]) -> tuple[BoolLike, BoolLike]:
    """Per-row padat karya (PP 7/2025) and BPU transport (PP 50/2025) eligibility, or False if no column."""
    labour: BoolLike = False
    transport: BoolLike = False
    if cols.sector is not None:
        sector = cols.sector[sl]
        participants = cols.participants[sl] if cols.participants is not None else 0
        labour = t.labour_sector[mi * NS + sector] & (participants >= t.labour_threshold[mi])
        transport = t.transport_sector[mi * NS + sector]
        if cols.funded_by is not None:
            transport = transport & ~t.transport_excluded[mi * NF + cols.funded_by[sl]]
    return labour, transport


def _has(programs: npt.NDArray[np.uint8], bit: int) -> npt.NDArray[np.bool_]:
    has: npt.NDArray[np.bool_] = (programs & bit) != 0
    return has


def _pension_offsets(cols: ContributionColumns) -> tuple[int, I64]:
    """(first birth year, months from birth month to JP pension month by birth year), once per call."""
    if cols.birth_month is None:
        return 0, np.zeros(1, dtype=np.int64)
    first = max(int(cols.birth_month.min()), 0) // 12
    last = max(int(cols.birth_month.max()) // 12, first)
    return first, pension_month_offsets(first, last)


def _jp_open(cols: ContributionColumns, sl: slice, period: npt.NDArray[np.int32], offsets: tuple[int, I64]) -> BoolLike:
    """True where the worker has not reached the JP pension age of the year (PP 45/2015 Pasal 15)."""
    if cols.birth_month is None:
        return True
    birth = cols.birth_month[sl]
    first_year, table = offsets
    index = np.clip(birth // 12 - first_year, 0, len(table) - 1)
    open_: npt.NDArray[np.bool_] = (birth < 0) | (period < birth + table[index])
    return open_


def _chunk(
    cols: ContributionColumns, t: Tables, offsets: tuple[int, I64], res: ContributionResult, start: int, stop: int
) -> None:
    sl = slice(start, stop)
    period, wage, programs = cols.period[sl], cols.wage[sl], cols.programs[sl]
    pu = cols.segment[sl] == PU
    mi = period.astype(np.intp) - t.first_month
    labour, transport = _flags(cols, t, sl, mi)
    kind = mi * 12 + np.where(pu, cols.risk_group[sl].astype(np.intp) - 1 + 5 * labour, 10 + transport)
    _round_rate(wage, t.jkk_num[kind], res.jkk[sl])
    res.jkk[sl] *= _has(programs, BIT_JKK)
    _round_rate(wage, t.jkm_num[kind], res.jkm[sl])
    res.jkm[sl] += t.jkm_flat[kind]
    res.jkm[sl] *= _has(programs, BIT_JKM)
    by_segment = mi * 2 + cols.segment[sl]
    has_jht = _has(programs, BIT_JHT)
    _round_rate(wage, t.jht_employer_num[by_segment], res.jht_employer[sl])
    res.jht_employer[sl] *= has_jht
    _round_rate(wage, t.jht_worker_num[by_segment], res.jht_worker[sl])
    res.jht_worker[sl] *= has_jht
    _chunk_jp(cols, t, res, sl, mi, pu & _jp_open(cols, sl, period, offsets))
    base = np.minimum(wage, t.jkp_cap[mi])
    _round_rate(base, t.jkp_num[mi], res.jkp_government[sl])
    res.jkp_government[sl] *= _has(programs, BIT_JKP) & pu


def _chunk_jp(
    cols: ContributionColumns,
    t: Tables,
    res: ContributionResult,
    sl: slice,
    mi: npt.NDArray[np.intp],
    open_pu: BoolLike,
) -> None:
    """JP on the capped wage, PU only, stopped from the pension month; PP 49/2020 deferral if granted."""
    open_ = _has(cols.programs[sl], BIT_JP) & open_pu
    base = np.minimum(cols.wage[sl], t.jp_cap[mi])
    deferral = cols.jp_deferral[sl] if cols.jp_deferral is not None else False
    by_deferral = mi * 2 + deferral
    _round_rate(base, t.jp_employer_num[by_deferral], res.jp_employer[sl])
    res.jp_employer[sl] *= open_
    _round_rate(base, t.jp_worker_num[by_deferral], res.jp_worker[sl])
    res.jp_worker[sl] *= open_
    if res.jp_deferred is not None:
        full = _round_rate(base, t.jp_employer_num[mi * 2], np.empty_like(base))
        full += _round_rate(base, t.jp_worker_num[mi * 2], np.empty_like(base))
        full *= open_
        full -= res.jp_employer[sl]
        full -= res.jp_worker[sl]
        res.jp_deferred[sl] = full


def _empty_result(cols: ContributionColumns) -> ContributionResult:
    n = len(cols)

    def col() -> I64:
        return np.empty(n, dtype=np.int64)

    deferred = col() if cols.jp_deferral is not None and bool(cols.jp_deferral.any()) else None
    return ContributionResult(cols.segment, cols.funded_by, col(), col(), col(), col(), col(), col(), col(), deferred)


def contributions(
    cols: ContributionColumns,
    *,
    as_of: dt.date | None = None,
    threads: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    validate: bool = True,
) -> ContributionResult:
    """Compute every programme's contribution for every row.

    Parameters are looked up as of the first day of each row's period (the law in force when the
    contribution month begins); ``as_of`` overrides that day for all rows (a single-date calculation).
    """
    if validate:
        validate_columns(cols)
    result = _empty_result(cols)
    n = len(cols)
    if n == 0:
        return result
    tables = build_tables(int(cols.period.min()), int(cols.period.max()), as_of)
    offsets = _pension_offsets(cols)
    starts = range(0, n, chunk_rows)
    workers = threads if threads is not None else min(2, os.cpu_count() or 1)
    if workers <= 1 or n <= chunk_rows:
        for start in starts:
            _chunk(cols, tables, offsets, result, start, min(start + chunk_rows, n))
        return result
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda s: _chunk(cols, tables, offsets, result, s, min(s + chunk_rows, n)), starts))
    return result
