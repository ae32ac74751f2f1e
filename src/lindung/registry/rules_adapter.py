"""The registry's one door to ``lindung.rules``: membership eligibility and required programmes.

The registry never compares ages or amounts itself; it asks the rules and stores the answer's rules version
and reference with the membership. ``*_many`` helpers evaluate each distinct input once, so a file of a
million rows costs one call per distinct (birth date, start date) pair, not one per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from lindung.rules import eligibility
from lindung.rules.errors import RulesError
from lindung.rules.params import parameter, value_at
from lindung.rules.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "Decision",
    "bpu_income_ok",
    "bpu_required_programs",
    "can_join_jkp",
    "can_join_jkp_many",
    "can_join_jp",
    "can_join_jp_many",
    "programs_allowed",
    "pu_child_work",
    "pu_child_work_many",
    "required_programs",
]


@dataclass(frozen=True)
class Decision:
    """The rules' answer: ``reason`` in English (kept in notes and data), ``reason_code`` and the ``values`` its
    sentence quotes for the reader's language (``lindung.core.rules_words``); ``not_covered`` before the rule."""

    ok: bool
    reason: str
    reference: str
    reason_code: str = ""
    values: Mapping[str, object] = field(default_factory=dict, hash=False)

    def words(self) -> dict[str, object]:
        """What ``rules_words.eligibility_reason`` takes: the code, its values and the English fallback."""
        return {**self.values, "reason_code": self.reason_code, "reason": self.reason}


def _reference(name: str, day: dt.date) -> str:
    entry = parameter(name).at(day)
    return entry.reference.short() if entry is not None else ""


def _decide(check: Callable[[], eligibility.Answer], name: str, day: dt.date) -> Decision:
    # A date the rule does not cover (JKP before 2 Feb 2021) is a "no" with the rules' own words.
    try:
        answer = check()
    except RulesError as exc:
        return Decision(False, str(exc), "", "not_covered")
    return Decision(answer.eligible, answer.reason, _reference(name, day), answer.reason_code, answer.values)


@dataclass(frozen=True)
class ChildWork:
    """UU 13/2003's answer for a wage earner: ``verdict`` adult, exception (warn) or too_young (refuse)."""

    age: int
    verdict: str
    exceptions: tuple[str, ...]
    youngest: int
    reference: str

    @property
    def articles(self) -> str:
        """The articles of UU 13/2003 under which this child may work, e.g. 'Pasal 70, Pasal 71'."""
        return ", ".join(eligibility.CHILD_WORK_ARTICLES[case] for case in self.exceptions)


def pu_child_work(birth_date: dt.date, day: dt.date) -> ChildWork | None:
    """The child-work rule for a PU start on ``day``; None on a date before UU 13/2003 (no rule to apply)."""
    try:
        answer = eligibility.pu_child_work(birth_date, day)
    except RulesError:
        return None
    cited = {"adult": (), "too_young": answer.entries[1:], "exception": answer.entries}[answer.verdict]
    reference = "; ".join(entry.reference.short() for entry in cited)
    return ChildWork(answer.age, answer.verdict, answer.exceptions, answer.youngest, reference)


def pu_child_work_many(pairs: Iterable[tuple[dt.date, dt.date]]) -> dict[tuple[dt.date, dt.date], ChildWork | None]:
    """``pu_child_work`` once per distinct (birth date, start date) pair of a file."""
    return {pair: pu_child_work(*pair) for pair in set(pairs)}


def can_join_jp(birth_date: dt.date, day: dt.date) -> Decision:
    return _decide(lambda: eligibility.jp_registration(birth_date, day), "pension_age.jp_pension_age", day)


def can_join_jkp(birth_date: dt.date, day: dt.date) -> Decision:
    return _decide(lambda: eligibility.jkp_registration(birth_date, day), "jkp.max_registration_age", day)


def bpu_income_ok(income: int, day: dt.date) -> Decision:
    return _decide(lambda: eligibility.bpu_income(income, day), "bpu.min_declared_income", day)


def required_programs(size: str, day: dt.date) -> tuple[frozenset[str] | None, str]:
    """Programmes an employer of ``size`` must enrol on ``day`` and the reference; ``None`` where the rules
    give no answer (an employer without a size, such as a state organiser, or a date before the rule)."""
    if not size:
        return None, ""
    try:
        programs, entry = eligibility.required_programs(size, day)
    except RulesError:
        return None, ""
    return frozenset(programs), entry.reference.short()


def can_join_jp_many(pairs: Iterable[tuple[dt.date, dt.date]]) -> dict[tuple[dt.date, dt.date], Decision]:
    """``can_join_jp`` for each distinct (birth date, start date) pair, asked once per pair of *months*.

    PP 45/2015 Pasal 15 and ``rules.eligibility.can_join_jp`` decide by month (JP is open "before the month
    in which the worker reaches the pension age"), and one call costs about half a millisecond, so a file
    of 100,000 rows asks the rules a few hundred times instead of tens of thousands. A test holds the
    grouped answers equal to the direct ones, so a finer rule would be caught there.
    """
    by_month: dict[tuple[int, int, int, int], Decision] = {}
    out: dict[tuple[dt.date, dt.date], Decision] = {}
    for birth, day in set(pairs):
        key = (birth.year, birth.month, day.year, day.month)
        if key not in by_month:
            by_month[key] = can_join_jp(birth, day)
        out[(birth, day)] = by_month[key]
    return out


def can_join_jkp_many(pairs: Iterable[tuple[dt.date, dt.date]]) -> dict[tuple[dt.date, dt.date], Decision]:
    return {pair: can_join_jkp(*pair) for pair in set(pairs)}


def programs_allowed(segment: str, day: dt.date) -> frozenset[str]:
    """Programmes a participant of ``segment`` can have on ``day`` (enrolment.programs_by_segment)."""
    table = value_at("enrolment.programs_by_segment", day).value
    assert isinstance(table, dict)
    return frozenset(str(p) for p in table.get(segment, ()))


def bpu_required_programs(day: dt.date) -> frozenset[str]:
    """Programmes every BPU participant must have (bpu.programs_required)."""
    value = value_at("bpu.programs_required", day).value
    assert isinstance(value, tuple)
    return frozenset(str(p) for p in value)
