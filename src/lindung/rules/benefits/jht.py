"""JHT: projected balance, when it is payable, and the one-time partial withdrawal (PP 46/2015 Pasal 22)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from lindung.rules.benefits.result import BenefitResult
from lindung.rules.deadlines import add_months
from lindung.rules.explain import rupiah_en, rupiah_id
from lindung.rules.money import apply_rate
from lindung.rules.params import int_at, mapping_at, parameter

TRIGGERS = ("old_age", "death", "total_disability", "resignation", "phk", "pkwt_end", "leaving_indonesia", "bpu_stop")
PURPOSES = ("housing", "pension_preparation")


def latest_declared_return(day: dt.date) -> tuple[Fraction, str]:
    """The latest declared JHT return on or before ``day`` (an assumption when used for the future)."""
    entries = [e for e in parameter("jht.declared_return").values if e.start <= day]
    entry = entries[-1] if entries else parameter("jht.declared_return").values[0]
    assert isinstance(entry.value, Fraction)
    return entry.value, f"{entry.start.year} declared return"


def project_balance(balance: int, monthly_contribution: int, months: int, annual_return: Fraction) -> tuple[int, int]:
    """(final balance, returns credited): returns accrue monthly on the opening balance at annual/12 and are
    credited, rounded half up, every 12 months and at the end; contributions arrive at each month's end."""
    accrued = Fraction(0)
    credited = 0
    for month in range(1, months + 1):
        accrued += balance * annual_return / 12
        balance += monthly_contribution
        if month % 12 == 0 or month == months:
            gained = apply_rate(1, accrued) if accrued else 0
            balance += gained
            credited += gained
            accrued = Fraction(0)
    return balance, credited


#: How a trigger is named in a reason, in Bahasa Indonesia and English.
TRIGGER_WORDS = {
    "old_age": ("usia pensiun", "old age"),
    "death": ("meninggal dunia", "death"),
    "total_disability": ("cacat total tetap", "total disability"),
    "resignation": ("mengundurkan diri", "resignation"),
    "phk": ("PHK", "PHK"),
    "pkwt_end": ("berakhirnya PKWT", "the end of a PKWT"),
    "leaving_indonesia": ("meninggalkan Indonesia untuk selamanya", "leaving Indonesia for good"),
    "bpu_stop": ("berhenti sebagai peserta BPU", "stopping as a BPU participant"),
}
PURPOSE_WORDS = {
    "housing": ("perumahan", "housing"),
    "pension_preparation": ("persiapan pensiun", "pension preparation"),
}


def payable(
    trigger: str, day: dt.date, event_date: dt.date | None, birth_date: dt.date | None
) -> tuple[bool, tuple[str, str]]:
    """Whether the full JHT balance is payable on ``day`` for ``trigger`` (Permenaker 4/2022 waiting period),
    and why in Bahasa Indonesia and English."""
    if trigger == "old_age":
        age, _ = int_at("jht.old_age", day)
        if birth_date is None:
            return False, ("tanggal lahir diperlukan untuk usia pensiun", "birth_date is needed for old_age")
        reached = add_months(birth_date, 12 * age) <= day
        return reached, (
            f"usia {age} {'tercapai' if reached else 'belum tercapai'}",
            f"age {age} {'reached' if reached else 'not reached'}",
        )
    if trigger in ("resignation", "phk"):
        wait, _ = int_at("jht.waiting_period_months", day)
        if event_date is None:
            return False, ("tanggal pengunduran diri atau PHK diperlukan", "the resignation or PHK date is needed")
        ready = add_months(event_date, wait)
        return day >= ready, (
            f"dapat dicairkan mulai {ready.isoformat()} (masa tunggu {wait} bulan)",
            f"payable from {ready.isoformat()} ({wait} month waiting period)",
        )
    word_id, word_en = TRIGGER_WORDS[trigger]
    return True, (f"{word_id} adalah alasan pencairan JHT", f"{word_en} is a JHT trigger")


def full_claim(
    trigger: str, day: dt.date, balance: int, event_date: dt.date | None, birth_date: dt.date | None
) -> BenefitResult:
    ok, why = payable(trigger, day, event_date, birth_date)
    used = [parameter("jht.old_age").require(day), parameter("jht.waiting_period_months").require(day)]
    amount = balance if ok else 0
    return BenefitResult(
        "JHT",
        trigger,
        ok,
        {"jht_balance": amount},
        (
            f"JHT {rupiah_id(amount)}: {'dapat' if ok else 'belum dapat'} dicairkan ({why[0]}).",
            f"JHT {rupiah_en(amount)}: {'payable' if ok else 'not yet payable'} ({why[1]}).",
        ),
        used,
    )


def partial_claim(
    day: dt.date, balance: int, membership_months: int, purpose: str, taken_before: bool
) -> BenefitResult:
    """At most 30 % for housing or 10 % for pension preparation, after 10 years of membership, once."""
    years, years_entry = int_at("jht.partial_min_membership_years", day)
    shares, share_entry = mapping_at("jht.partial_max_share", day)
    share = shares[purpose]
    assert isinstance(share, Fraction)
    eligible = membership_months >= 12 * years and not taken_before
    amount = apply_rate(balance, share) if eligible else 0
    why_id, why_en = (
        ("sudah pernah diambil", "taken before")
        if taken_before
        else (
            f"kepesertaan {membership_months} bulan, perlu {12 * years}",
            f"membership {membership_months} months, needs {12 * years}",
        )
    )
    purpose_id, purpose_en = PURPOSE_WORDS[purpose]
    return BenefitResult(
        "JHT",
        "jht_partial",
        eligible,
        {"partial_max": amount},
        (
            f"Klaim sebagian JHT paling banyak {rupiah_id(amount)} ({purpose_id}; {why_id}).",
            f"Partial JHT at most {rupiah_en(amount)} ({purpose_en}; {why_en}).",
        ),
        [years_entry, share_entry],
    )
