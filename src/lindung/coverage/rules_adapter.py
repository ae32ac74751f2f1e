"""Coverage's one door to ``lindung.rules``: which programmes an employer of a size must enrol, who may join JP.

The PDS flags compare what is registered with what the law asks; the asking is the rules package's.
"""

from __future__ import annotations

import datetime as dt

from lindung.rules import eligibility
from lindung.rules.errors import RulesError

__all__ = ["can_join_jp", "required_programs"]


def required_programs(size: str, day: dt.date) -> tuple[tuple[str, ...], str] | None:
    """The programmes (JKK, JKM, JHT, JP…) an employer of ``size`` must enrol on ``day``, with the reference.

    None for a size the rules do not name (a state organiser has none) or a date before the rule.
    """
    try:
        programmes, entry = eligibility.required_programs(size, day)
    except (RulesError, KeyError):
        return None
    return programmes, entry.reference.short()


def can_join_jp(birth_date: dt.date, day: dt.date) -> bool:
    """Whether a worker could join JP on ``day`` (past the pension age, a missing JP is no gap)."""
    try:
        ok, _reason = eligibility.can_join_jp(birth_date, day)
    except RulesError:
        return True
    return ok
