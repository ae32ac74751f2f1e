"""The contribution rates of one case on one day, with the parameter entries that gave them.

These small functions are the single source of which rate applies: the vectorised engine builds its
per-month tables by calling them, and the explanation of a single calculation calls them again, so the
amount and its explanation cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from lindung.rules.codes import BPU, PU
from lindung.rules.params import ParameterValue, int_at, mapping_at, parameter, rate_at

Used = tuple[ParameterValue, ...]
ONE = Fraction(1)


@dataclass(frozen=True, slots=True)
class Case:
    """The discrete facts that select a row's rates (the engine's table key)."""

    segment: int  # codes.PU or codes.BPU
    risk_group: int = 1  # 1-5, PU only
    labour_intensive: bool = False  # listed padat karya industry with enough participants (PP 7/2025)
    bpu_transport: bool = False  # transport-sector BPU not funded by the APBN/APBD (PP 50/2025)
    jp_deferral: bool = False  # JP deferral granted under PP 49/2020


def in_force(name: str, day: dt.date) -> ParameterValue | None:
    """The entry of a windowed parameter (a discount) in force on ``day``, if any."""
    entry = parameter(name).at(day)
    return entry if entry is not None and entry.value is not None else None


def _share(name: str, day: dt.date, applies: bool = True) -> tuple[Fraction, Used]:
    entry = in_force(name, day) if applies else None
    if entry is None or not isinstance(entry.value, Fraction):
        return ONE, ()
    return entry.value, (entry,)


def jkk_rate(day: dt.date, case: Case) -> tuple[Fraction, Used]:
    """JKK rate paid: PU by risk group (PP 44/2015 Pasal 16) or BPU 1 %, times any discount in force."""
    covid, used_covid = _share("discounts.covid_jkk_jkm_pay_share", day)
    if case.segment == BPU:
        base, entry = rate_at("jkk.bpu_rate", day)
        share, used = _share("discounts.bpu_transport_pay_share", day, case.bpu_transport)
        return base * covid * share, (entry, *used_covid, *used)
    table, entry = mapping_at("jkk.pu_rate_by_risk_group", day)
    group_rate = table[case.risk_group]
    assert isinstance(group_rate, Fraction)
    share, used = _share("discounts.labour_intensive_jkk_pay_share", day, case.labour_intensive)
    return group_rate * covid * share, (entry, *used_covid, *used)


def jkm_terms(day: dt.date, case: Case) -> tuple[Fraction, int, Used]:
    """JKM as (rate of the wage, flat rupiah): PU 0.30 % (PP 44/2015 Pasal 18); BPU flat Rp 6,800."""
    covid, used_covid = _share("discounts.covid_jkk_jkm_pay_share", day)
    if case.segment == BPU:
        flat, entry = int_at("jkm.bpu_flat_amount", day)
        share, used = _share("discounts.bpu_transport_pay_share", day, case.bpu_transport)
        paid = flat * covid * share
        # A flat amount under a discount is rounded once, like a rate (Rp 6,800 × 1 % = Rp 68).
        amount = (paid.numerator * 2 + paid.denominator) // (paid.denominator * 2)
        return Fraction(0), amount, (entry, *used_covid, *used)
    rate, entry = rate_at("jkm.pu_rate", day)
    return rate * covid, 0, (entry, *used_covid)


def jht_rates(day: dt.date, case: Case) -> tuple[Fraction, Fraction, Used]:
    """JHT (employer, worker) rates: PU 3.7 % + 2 % (PP 46/2015 Pasal 16); BPU 2 % paid by the participant."""
    if case.segment == BPU:
        rate, entry = rate_at("jht.bpu_rate", day)
        return Fraction(0), rate, (entry,)
    employer, e_entry = rate_at("jht.pu_employer_rate", day)
    worker, w_entry = rate_at("jht.pu_worker_rate", day)
    return employer, worker, (e_entry, w_entry)


def jp_terms(day: dt.date, case: Case) -> tuple[Fraction, Fraction, int, Used]:
    """JP (employer, worker, wage cap): 2 % + 1 % of the wage capped (PP 45/2015 Pasal 28-29); PU only."""
    if case.segment != PU:
        return Fraction(0), Fraction(0), 0, ()
    employer, e_entry = rate_at("jp.employer_rate", day)
    worker, w_entry = rate_at("jp.worker_rate", day)
    cap, cap_entry = int_at("jp.wage_cap", day)
    share, used = _share("discounts.covid_jp_pay_share", day, case.jp_deferral)
    return employer * share, worker * share, cap, (e_entry, w_entry, cap_entry, *used)


def jkp_terms(day: dt.date, case: Case) -> tuple[Fraction, int, Used]:
    """JKP government rate and base cap (PP 37/2021 / PP 6/2025 Pasal 11); nothing before 2 Feb 2021."""
    if case.segment != PU or parameter("jkp.government_rate").at(day) is None:
        return Fraction(0), 0, ()
    rate, entry = rate_at("jkp.government_rate", day)
    cap, cap_entry = int_at("jkp.wage_cap", day)
    return rate, cap, (entry, cap_entry)


def jkp_recomposition(day: dt.date) -> tuple[Fraction, Fraction, Used]:
    """The JKK and JKM shares moved to JKP inside BPJS (information; the employer pays no more)."""
    jkk = parameter("jkk.pu_recomposition_to_jkp").at(day)
    jkm = parameter("jkm.pu_recomposition_to_jkp").at(day)
    used = tuple(e for e in (jkk, jkm) if e is not None)
    jkk_rate_ = jkk.value if jkk is not None and isinstance(jkk.value, Fraction) else Fraction(0)
    jkm_rate_ = jkm.value if jkm is not None and isinstance(jkm.value, Fraction) else Fraction(0)
    return jkk_rate_, jkm_rate_, used


def labour_intensive_terms(day: dt.date) -> tuple[frozenset[str], int] | None:
    """Listed sectors and participant threshold of the padat karya discount in force, if any."""
    sectors = in_force("discounts.labour_intensive_sectors", day)
    threshold = in_force("discounts.labour_intensive_min_participants", day)
    if sectors is None or threshold is None or not isinstance(sectors.value, tuple):
        return None
    assert isinstance(threshold.value, int)
    return frozenset(str(s) for s in sectors.value), threshold.value


def bpu_transport_terms(day: dt.date) -> tuple[frozenset[str], frozenset[str]] | None:
    """Transport sectors and excluded funders of the PP 50/2025 discount in force, if any."""
    sectors = in_force("discounts.bpu_transport_sectors", day)
    excluded = in_force("discounts.bpu_transport_excluded_funders", day)
    if sectors is None or excluded is None:
        return None
    assert isinstance(sectors.value, tuple) and isinstance(excluded.value, tuple)
    return frozenset(str(s) for s in sectors.value), frozenset(str(f) for f in excluded.value)


def pension_age(year: int) -> int:
    """JP pension age in ``year`` (PP 45/2015 Pasal 15); years before 2015 take the first value (56)."""
    day = max(dt.date(year, 12, 31), dt.date(2015, 7, 1))
    age, _ = int_at("pension_age.jp_pension_age", day)
    return age


def pension_month(birth_year: int, birth_month: int) -> int:
    """Month code (year × 12 + month − 1) in which a person reaches the JP pension age of that year."""
    age = 56
    while age < pension_age(birth_year + age):
        age += 1
    return (birth_year + age) * 12 + birth_month - 1
