"""Eligibility notes kept with a membership: stored in English (data, as the rules answer), worded on display.

A note records what the rules decided when the row was made. Its stored text never changes, so rows written
before the notes were worded stay readable; ``worded`` reads each known shape back to its code and values and
says it in the reader's language. A note of an unknown shape is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from lindung.core.rules_words import eligibility_reason, english
from lindung.registry.rules_adapter import Decision
from lindung.rules.explain import rupiah_en, rupiah_id

#: The stored shapes (``str.format``; ``imports.plan`` writes the same with ``pl.format``).
ENROLLED = "{}: {} ({})"
DROPPED = "{} not enrolled: {} ({})"
BPU_INCOME = "BPU income: {} ({})"
DEFAULT = "default: {}"
MISSING = "missing required: {} ({})"
CHILD = "child worker: age {}, allowed only under UU 13/2003 {} ({})"

# The rules' English reasons (``rules.benefits.jp/jkp.can_join``, ``rules.eligibility.bpu_income_ok``).
_JP = r"JP registration possible up to (?P<last_month>\d{4}-\d{2})"
_JKP = r"age (?P<age>\d+) at registration; must be under (?P<max_age>\d+)"
_NOT_COVERED = r"[a-z_.]+: no value on \d{4}-\d{2}-\d{2}[^()]*(?:\([^()]*\))?"
_PROGRAM = re.compile(
    rf"(?P<program>JP|JKP)(?P<dropped> not enrolled)?: (?:{_JP}|{_JKP}|(?P<not_covered>{_NOT_COVERED})) "
    r"\((?P<reference>.*)\)"
)
_BPU = re.compile(r"BPU income: minimum declared income Rp (?P<minimum>[\d,]+) \((?P<reference>.*)\)")
_DEFAULT = re.compile(r"default: (?P<reference>.+)")
_MISSING = re.compile(r"missing required: (?P<programs>[A-Z]+(?:, [A-Z]+)*) \((?P<reference>.*)\)")
_CHILD = re.compile(
    r"child worker: age (?P<age>\d+), allowed only under UU 13/2003 (?P<articles>Pasal \d+(?:, Pasal \d+)*) "
    r"\((?P<reference>.*)\)"
)


def enrolled(program: str, decision: Decision) -> str:
    return ENROLLED.format(program, decision.reason, decision.reference)


def dropped(program: str, decision: Decision) -> str:
    return DROPPED.format(program, decision.reason, decision.reference)


def bpu_income(decision: Decision) -> str:
    return BPU_INCOME.format(decision.reason, decision.reference)


def _reason_code(values: dict[str, str]) -> str:
    refused = "dropped" in values
    if "not_covered" in values:
        return "not_covered"
    if "last_month" in values:
        return "jp_registration_closed" if refused else "jp_registration_open"
    return "jkp_age_over_limit" if refused else "jkp_age_under_limit"


def _reason(found: re.Match[str]) -> str:
    values = {k: v for k, v in found.groupdict().items() if v is not None}
    return eligibility_reason({**values, "reason_code": _reason_code(values)})


def reason_of(note: str) -> str | None:
    """The rules' reason inside a stored JP or JKP note, in the reader's language; None for another shape."""
    found = _PROGRAM.fullmatch(note)
    return _reason(found) if found is not None else None


def _program(found: re.Match[str]) -> str:
    values = {"program": found["program"], "reference": found["reference"] or "-", "reason": _reason(found)}
    if found["dropped"]:
        return _("%(program)s tidak diikutkan (%(reference)s). %(reason)s") % values
    return _("%(program)s (%(reference)s). %(reason)s") % values


def _bpu(found: re.Match[str]) -> str:
    minimum = int(found["minimum"].replace(",", ""))
    amount = rupiah_en(minimum) if english() else rupiah_id(minimum)
    return _("Penghasilan BPU tidak kurang dari batas terendah %(minimum)s (%(reference)s).") % {
        "minimum": amount,
        "reference": found["reference"],
    }


def _default(found: re.Match[str]) -> str:
    return _("Program mengikuti yang wajib untuk skala usaha pemberi kerja (%(reference)s).") % {
        "reference": found["reference"]
    }


def _missing(found: re.Match[str]) -> str:
    return _("Program wajib untuk skala usaha ini tidak diikuti: %(programs)s (%(reference)s).") % found.groupdict()


def _child(found: re.Match[str]) -> str:
    return (
        _(
            "Pekerja anak, berumur %(age)s tahun pada tanggal mulai: hanya boleh bekerja menurut UU 13/2003 "
            "%(articles)s (%(reference)s)."
        )
        % found.groupdict()
    )


_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_PROGRAM, _program),
    (_BPU, _bpu),
    (_DEFAULT, _default),
    (_MISSING, _missing),
    (_CHILD, _child),
)


def worded(note: str) -> str:
    """A stored note in the reader's language; one of an unknown shape as stored."""
    for pattern, word in _SHAPES:
        found = pattern.fullmatch(note)
        if found is not None:
            return word(found)
    return note


def worded_all(notes: Iterable[str]) -> list[str]:
    return [worded(str(note)) for note in notes]


#: The stable code of each stored shape, for API clients (a JP or JKP note's rules reason is ``reason_code``).
NOTE_CODES = {
    _BPU: "bpu_income_at_least_minimum",
    _DEFAULT: "programs_by_employer_size",
    _MISSING: "required_programs_missing",
    _CHILD: "child_worker",
}
UNKNOWN = "unknown"
_NUMBERS = frozenset({"age", "max_age", "minimum"})


def explained(note: str) -> tuple[str, dict[str, str | int], str]:
    """A stored note as code, quoted values and words in the reader's language, so a client can show or act on
    it without parsing English; a note of an unknown shape is ``unknown``, without values, worded as stored."""
    for pattern, word in _SHAPES:
        found = pattern.fullmatch(note)
        if found is None:
            continue
        raw = {k: v for k, v in found.groupdict().items() if v is not None}
        values: dict[str, str | int] = {
            k: int(v.replace(",", "")) if k in _NUMBERS else v for k, v in raw.items() if k != "dropped"
        }
        if pattern is _PROGRAM:
            values["reason_code"] = _reason_code(raw)
            code = "program_not_enrolled" if "dropped" in raw else "program_enrolled"
        else:
            code = NOTE_CODES[pattern]
        return code, values, word(found)
    return UNKNOWN, {}, note
