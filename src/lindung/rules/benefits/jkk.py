"""JKK benefits (PP 44/2015 Lampiran III as amended by PP 82/2019)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

from lindung.rules.benefits.result import BenefitResult
from lindung.rules.benefits.scholarship import scholarship
from lindung.rules.deadlines import add_months
from lindung.rules.explain import rupiah_en, rupiah_id
from lindung.rules.money import apply_rate
from lindung.rules.params import ParameterValue, int_at, mapping_at, value_at

TRANSPORT_MODES = ("land", "sea", "air")
MODE_WORDS = {"land": ("darat", "land"), "sea": ("laut", "sea"), "air": ("udara", "air")}


def _multiplier(name: str, day: dt.date) -> tuple[Fraction, ParameterValue]:
    entry = value_at(name, day)
    assert isinstance(entry.value, int | Fraction)
    return Fraction(entry.value), entry


def medical(day: dt.date) -> BenefitResult:
    """Medical care has no cost ceiling: as medically needed."""
    return BenefitResult(
        "JKK",
        "medical",
        True,
        {},
        (
            "Perawatan medis JKK ditanggung sesuai kebutuhan medis, tanpa batas biaya.",
            "JKK medical care is covered as medically needed, with no cost ceiling.",
        ),
        [value_at("benefits.jkk_claim_expiry_years", day)],
    )


def transport(day: dt.date, mode: str, cost: int) -> BenefitResult:
    """Transport of the victim, reimbursed up to the cap of the mode."""
    caps, entry = mapping_at("benefits.jkk_transport_cap", day)
    cap = caps[mode]
    assert isinstance(cap, int)
    paid = min(cost, cap)
    return BenefitResult(
        "JKK",
        "transport",
        True,
        {"transport": paid},
        (
            f"Biaya angkutan {rupiah_id(paid)}: biaya {rupiah_id(cost)}, batas {MODE_WORDS[mode][0]} {rupiah_id(cap)}.",
            f"Transport {rupiah_en(paid)}: cost {rupiah_en(cost)}, {mode} cap {rupiah_en(cap)}.",
        ),
        [entry],
    )


def temporary_incapacity(day: dt.date, wage: int, months: int) -> BenefitResult:
    """STMB: 100 % of the wage for the first 12 months, then 50 % until recovery."""
    full_months, full_entry = int_at("benefits.jkk_temporary_incapacity_full_months", day)
    shares, rate_entry = mapping_at("benefits.jkk_temporary_incapacity_rates", day)
    full, reduced = shares["full"], shares["reduced"]
    assert isinstance(full, Fraction) and isinstance(reduced, Fraction)
    first = min(months, full_months)
    later = max(0, months - full_months)
    amounts = {
        "full_rate_months": apply_rate(wage * first, full),
        "reduced_rate_months": apply_rate(wage * later, reduced),
    }
    result = BenefitResult("JKK", "temporary_incapacity", True, amounts, used=[full_entry, rate_entry])
    total = result.total
    result.reason = (
        f"STMB {rupiah_id(total)}: {first} bulan × 100% dan {later} bulan × 50% dari upah {rupiah_id(wage)}.",
        f"Temporary incapacity {rupiah_en(total)}: {first} months × 100% and {later} months × 50% of the wage "
        f"{rupiah_en(wage)}.",
    )
    return result


def death(day: dt.date, wage: int, children: Sequence[str] = ()) -> BenefitResult:
    """Death from a work accident: 48 × wage (at least the floor), periodic Rp 12 m, funeral, scholarship."""
    mult, mult_entry = _multiplier("benefits.jkk_death_multiplier", day)
    floor, floor_entry = int_at("benefits.jkk_death_minimum", day)
    periodic, periodic_entry = int_at("benefits.jkk_periodic_lump", day)
    funeral, funeral_entry = int_at("benefits.jkk_funeral", day)
    lump = max(apply_rate(wage, mult), floor)
    amounts = {"death_lump_sum": lump, "periodic": periodic, "funeral": funeral}
    used = [mult_entry, floor_entry, periodic_entry, funeral_entry]
    result = BenefitResult("JKK", "work_accident_death", True, amounts, used=used)
    _add_scholarship(result, day, children)
    result.reason = (
        f"Santunan kematian JKK {rupiah_id(result.total)}: {mult} × upah {rupiah_id(wage)} (minimal "
        f"{rupiah_id(floor)}), berkala {rupiah_id(periodic)}, pemakaman {rupiah_id(funeral)}, beasiswa.",
        f"JKK death benefit {rupiah_en(result.total)}: {mult} × wage {rupiah_en(wage)} (at least {rupiah_en(floor)}),"
        f" periodic {rupiah_en(periodic)}, funeral {rupiah_en(funeral)}, scholarship.",
    )
    return result


def total_disability(day: dt.date, wage: int, children: Sequence[str] = ()) -> BenefitResult:
    """Total permanent disability: 56 × wage plus the periodic Rp 12 m, and the scholarship."""
    mult, mult_entry = _multiplier("benefits.jkk_total_disability_multiplier", day)
    periodic, periodic_entry = int_at("benefits.jkk_periodic_lump", day)
    amounts = {"disability_lump_sum": apply_rate(wage, mult), "periodic": periodic}
    result = BenefitResult("JKK", "total_permanent_disability", True, amounts, used=[mult_entry, periodic_entry])
    _add_scholarship(result, day, children)
    result.reason = (
        f"Cacat total tetap {rupiah_id(result.total)}: {mult} × upah {rupiah_id(wage)} + berkala "
        f"{rupiah_id(periodic)}.",
        f"Total permanent disability {rupiah_en(result.total)}: {mult} × wage {rupiah_en(wage)} + periodic "
        f"{rupiah_en(periodic)}.",
    )
    return result


def partial_disability(
    day: dt.date, wage: int, table_share: Fraction, function_loss: Fraction = Fraction(1)
) -> BenefitResult:
    """Partial disability: table % (× % of function lost) × 80 × wage; the table % is an input."""
    mult, entry = _multiplier("benefits.jkk_partial_disability_multiplier", day)
    amount = apply_rate(wage, table_share * function_loss * mult)
    return BenefitResult(
        "JKK",
        "partial_disability",
        True,
        {"disability_lump_sum": amount},
        (
            f"Cacat sebagian {rupiah_id(amount)}: persentase tabel × {mult} × upah {rupiah_id(wage)}.",
            f"Partial disability {rupiah_en(amount)}: table percentage × {mult} × wage {rupiah_en(wage)}.",
        ),
        [entry],
    )


def home_care(day: dt.date, cost: int, months: int) -> BenefitResult:
    """Home care when hospital treatment cannot continue: at most 12 months and Rp 20 m."""
    cap, cap_entry = int_at("benefits.jkk_home_care_cap", day)
    max_months, months_entry = int_at("benefits.jkk_home_care_max_months", day)
    eligible = months <= max_months
    paid = min(cost, cap) if eligible else 0
    return BenefitResult(
        "JKK",
        "home_care",
        eligible,
        {"home_care": paid},
        (
            f"Homecare {rupiah_id(paid)} (maks. {rupiah_id(cap)}, {max_months} bulan).",
            f"Home care {rupiah_en(paid)} (at most {rupiah_en(cap)} over {max_months} months).",
        ),
        [cap_entry, months_entry],
    )


def claim_expired(accident: dt.date, claim: dt.date) -> tuple[bool, ParameterValue]:
    """Whether the JKK right has expired (5 years after the accident or diagnosis; 2 before PP 82/2019)."""
    years, entry = int_at("benefits.jkk_claim_expiry_years", accident)
    return claim > add_months(accident, 12 * years), entry


def _add_scholarship(result: BenefitResult, day: dt.date, children: Sequence[str]) -> None:
    if not children:
        return
    amount, details, used = scholarship(day, children)
    result.amounts["scholarship"] = amount
    result.details["scholarship"] = details
    result.used.extend(used)
