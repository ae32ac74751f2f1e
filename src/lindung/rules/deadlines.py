"""Payment due dates and late fines.

**A month of lateness** is counted as each started month after the due date: paying one day late is one
month; month ``n`` runs from the day after ``due + (n - 1) months`` to ``due + n months`` inclusive (due
15 Mar: 16 Mar - 15 Apr is month 1, 16 Apr - 15 May month 2). No regulation seen defines the count; this
reading follows "denda ... untuk setiap bulan keterlambatan" and a BPJS director's example (detik.com,
25 Sep 2020: paying on the 16th when due on the 15th incurs the 2 %). The fine is simple, not compounded:
``round_half_up(amount × rate × months)``.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from lindung.rules.calendar import next_working_day, previous_working_day
from lindung.rules.money import apply_rate
from lindung.rules.params import ParameterValue, int_at, parameter, rate_at, value_at
from lindung.rules.rates import in_force


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    nominal: dt.date  # before moving off a holiday or weekend
    used: tuple[ParameterValue, ...]


def due_date(segment: str, period: dt.date) -> DueDate:
    """Due date of the contribution of month ``period`` (any day of that month).

    PU: the 15th of the next month, moved to the next working day. BPU: the 15th of the same month,
    likewise. PU contribution months Aug 2020 - Jan 2021 (PP 49/2020 Pasal 4(1)): the 30th of the next
    month (its last day if shorter), moved back to the working day before it.
    """
    month = period.replace(day=1)
    if segment == "BPU":
        day, entry = int_at("deadlines_fines.bpu_due_day", month)
        nominal = month.replace(day=day)
        return DueDate(next_working_day(nominal), nominal, (entry,))
    following = add_months(month, 1)
    covid = in_force("deadlines_fines.covid_pu_due_day", month)
    if covid is not None and isinstance(covid.value, int):
        last = _cal.monthrange(following.year, following.month)[1]
        nominal = following.replace(day=min(covid.value, last))
        return DueDate(previous_working_day(nominal), nominal, (covid,))
    day, entry = int_at("deadlines_fines.pu_due_day", month)
    nominal = following.replace(day=day)
    return DueDate(next_working_day(nominal), nominal, (entry,))


def months_late(due: dt.date, paid: dt.date) -> int:
    """Months of lateness: 0 if paid by the due date, else each started month after it counts as one."""
    if paid <= due:
        return 0
    months = (paid.year - due.year) * 12 + paid.month - due.month
    months = max(months, 1)
    while add_months(due, months) < paid:
        months += 1
    while months > 1 and add_months(due, months - 1) >= paid:
        months -= 1
    return months


#: Why a fine is what it is: a stable code per case (pages word it; ``reason`` is the English sentence).
FINE_CODES = ("paid_on_time", "bpu_not_fined", "employer_not_fined", "months_late")


@dataclass(frozen=True)
class Fine:
    amount: int
    months: int
    rate: Fraction
    code: str
    reason: str
    used: tuple[ParameterValue, ...]


def fine_rate(program: str, period: dt.date) -> tuple[Fraction, tuple[ParameterValue, ...]]:
    """Fine rate a month: 0.5 % in the COVID months (PP 49/2020 Pasal 23(1)); JP 0.5 %; others 2 %."""
    month = period.replace(day=1)
    covid = in_force("deadlines_fines.covid_fine_rate", month)
    if covid is not None and isinstance(covid.value, Fraction):
        return covid.value, (covid,)
    name = "deadlines_fines.jp_fine_rate" if program == "JP" else "deadlines_fines.fine_rate"
    rate, entry = rate_at(name, month)
    return rate, (entry,)


def late_fine(amount: int, program: str, segment: str, employer_kind: str, period: dt.date, paid: dt.date) -> Fine:
    """Fine on a contribution of ``period`` paid on ``paid``; only employers other than state organisers pay."""
    due = due_date(segment, period)
    months = months_late(due.date, paid)
    counting = value_at("deadlines_fines.month_of_lateness", period.replace(day=1))
    fined, fined_entry = _fined_kinds(period)
    if months == 0:
        return Fine(0, 0, Fraction(0), "paid_on_time", "paid by the due date", (*due.used,))
    if segment != "PU":
        return Fine(
            0, months, Fraction(0), "bpu_not_fined", "no fine is set for BPU participants", (*due.used, fined_entry)
        )
    if employer_kind not in fined:
        reason = f"no fine is set for {employer_kind} employers"
        return Fine(0, months, Fraction(0), "employer_not_fined", reason, (*due.used, fined_entry))
    rate, used = fine_rate(program, period)
    total = apply_rate(amount * months, rate)
    reason = f"{months} month(s) late"
    return Fine(total, months, rate, "months_late", reason, (*due.used, *used, counting, fined_entry))


def _fined_kinds(period: dt.date) -> tuple[frozenset[str], ParameterValue]:
    entry = parameter("deadlines_fines.fined_employers").require(period.replace(day=1))
    assert isinstance(entry.value, tuple)
    return frozenset(str(v) for v in entry.value), entry
