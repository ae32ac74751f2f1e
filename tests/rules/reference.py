"""An independent, slow, exact re-statement of the PU/BPU contribution rules for property tests.

It hard-codes the figures of regulations.md instead of reading the parameter files, so a wrong parameter
or a wrong engine shows up as a disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

JKK_PU = {1: F("0.0024"), 2: F("0.0054"), 3: F("0.0089"), 4: F("0.0127"), 5: F("0.0174")}
JP_CAPS = [  # (first month code, cap)
    (2015 * 12 + 6, 7_000_000),
    (2016 * 12 + 2, 7_335_300),
    (2017 * 12 + 2, 7_703_500),
    (2018 * 12 + 2, 8_094_000),
    (2019 * 12 + 2, 8_512_400),
    (2020 * 12 + 2, 8_939_700),
    (2021 * 12 + 2, 8_754_600),
    (2022 * 12 + 2, 9_077_600),
    (2023 * 12 + 2, 9_559_600),
    (2024 * 12 + 2, 10_042_300),
    (2025 * 12 + 2, 10_547_400),
    (2026 * 12 + 2, 11_086_300),
]
LABOUR = {"food_beverage_tobacco", "textile_apparel", "leather_goods", "footwear", "childrens_toys", "furniture"}
TRANSPORT = {"ojek_online", "ojek", "driver", "courier", "logistics"}


def m(year: int, month: int) -> int:
    return year * 12 + month - 1


@dataclass
class Row:
    segment: str  # PU / BPU
    month: int  # month code
    wage: int
    risk: int
    programs: frozenset[str]
    birth: int | None  # month code of birth
    sector: str = "other"
    participants: int = 0
    funded_by: str = "self"


def rnd(x: F) -> int:
    return int((x * 2 + 1) // 2)


def pension_age(year: int) -> int:
    if year < 2019:
        return 56
    return min(65, 57 + (year - 2019) // 3)


def jp_open(row: Row) -> bool:
    if row.birth is None:
        return True
    by, bm = divmod(row.birth, 12)
    age = 56
    while age < pension_age(by + age):
        age += 1
    return row.month < (by + age) * 12 + bm


def expected(row: Row) -> dict[str, int]:
    covid = F(1, 100) if m(2020, 8) <= row.month <= m(2021, 1) else F(1)
    pu = row.segment == "PU"
    out = dict.fromkeys(("jkk", "jkm", "jht_e", "jht_w", "jp_e", "jp_w", "jkp"), 0)
    if pu:
        labour = row.sector in LABOUR and row.participants >= 50 and m(2025, 2) <= row.month <= m(2026, 1)
        jkk_rate = JKK_PU[row.risk] * covid * (F(1, 2) if labour else 1)
        jkm = rnd(row.wage * F("0.003") * covid)
    else:
        transport = row.sector in TRANSPORT and row.funded_by not in ("apbd", "apbn")
        share = F(1, 2) if transport and m(2026, 1) <= row.month <= m(2027, 3) else F(1)
        jkk_rate = F(1, 100) * covid * share
        jkm = rnd(6800 * covid * share)
    if "JKK" in row.programs:
        out["jkk"] = rnd(row.wage * jkk_rate)
    if "JKM" in row.programs:
        out["jkm"] = jkm
    if "JHT" in row.programs:
        out["jht_e"] = rnd(row.wage * F("0.037")) if pu else 0
        out["jht_w"] = rnd(row.wage * F("0.02"))
    if pu and "JP" in row.programs and jp_open(row):
        cap = [c for start, c in JP_CAPS if start <= row.month][-1]
        base = min(row.wage, cap)
        out["jp_e"], out["jp_w"] = rnd(base * F("0.02")), rnd(base * F("0.01"))
    if pu and "JKP" in row.programs and row.month >= m(2021, 3):
        out["jkp"] = rnd(min(row.wage, 5_000_000) * F("0.0022"))
    return out
