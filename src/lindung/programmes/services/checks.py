"""Checks shared by programmes and scenarios: the money, the programmes, the income basis, the months, the shares.

Each raises a ValidationError keyed by the form field, in words that say what to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import FULL_SHARE, MAX_WEIGHT, FundingSource
from lindung.web.templatetags.lindung_format import format_rupiah


@dataclass(frozen=True)
class FundingInput:
    """One co-funding source; ``share_bp`` in basis points (12.5 % = 1,250)."""

    source: str
    share_bp: int
    name: str = ""


def check_budget(budget: int, field: str = "budget") -> None:
    if budget <= 0:
        raise ValidationError({field: _("Pagu anggaran harus lebih dari nol rupiah.")})


def check_programs(programs: Sequence[str], day: dt.date) -> int:
    """JKK and JKM (the BPU minimum) are required; JHT may be added; JP and JKP are not for BPU."""
    chosen = set(programs)
    required = rules.bpu_programs_required(day)
    allowed = rules.bpu_programs_allowed(day)
    if not required <= chosen:
        raise ValidationError({"programs": _("Program harus mencakup %(p)s.") % {"p": " + ".join(sorted(required))}})
    if not chosen <= allowed:
        raise ValidationError(
            {
                "programs": _("Program %(p)s tidak tersedia untuk peserta BPU.")
                % {"p": ", ".join(sorted(chosen - allowed))}
            }
        )
    return rules.program_mask(sorted(chosen))


def check_income(income: int, day: dt.date) -> str:
    decision = rules.bpu_income_ok(income, day)
    if decision.ok:
        return decision.reference
    if decision.minimum is None:  # the rules hold no minimum for that day: say so, never the rules' English
        message = _("Batas penghasilan BPU untuk tanggal %(day)s belum tersedia dalam aturan.") % {"day": day}
    else:
        message = _("Dasar penghasilan di bawah batas BPU: paling sedikit %(min)s (%(ref)s).") % {
            "min": format_rupiah(decision.minimum),
            "ref": decision.reference,
        }
    raise ValidationError({"declared_income": message})


def weight_message() -> str:
    """One wording for every path that sets a priority weight (the form, the service)."""
    return _("Bobot prioritas harus bilangan bulat dari 0 sampai %(max)s.") % {"max": MAX_WEIGHT}


def check_months(first_month: int, last_month: int) -> None:
    if not 1 <= first_month <= last_month <= 12:
        raise ValidationError(
            {"last_month": _("Bulan yang ditanggung harus di dalam satu tahun anggaran (Januari–Desember).")}
        )


def check_ages(min_age: int, max_age: int) -> None:
    if not 0 < min_age < max_age:
        raise ValidationError({"max_age": _("Usia terendah harus lebih kecil dari usia tertinggi.")})
    if max_age > 100:  # its own message: "lowest below highest" is true of 18-200 and told the user nothing
        raise ValidationError({"max_age": _("Usia tertinggi paling banyak 100 tahun.")})


def check_funding(funding: Sequence[FundingInput]) -> None:
    """At least one source, known sources, each share above zero, all adding up to exactly 100 %."""
    if not funding:
        raise ValidationError({"funding": _("Isi paling sedikit satu sumber pendanaan.")})
    for item in funding:
        if item.source not in FundingSource.values:
            raise ValidationError({"funding": _("Sumber pendanaan tidak dikenal: %(s)s.") % {"s": item.source}})
        if item.share_bp <= 0:
            raise ValidationError({"funding": _("Porsi setiap sumber pendanaan harus lebih dari 0 %.")})
    total = sum(item.share_bp for item in funding)
    if total != FULL_SHARE:
        raise ValidationError(
            {
                "funding": _("Porsi pendanaan harus berjumlah 100 %%; sekarang %(total)s %%.")
                % {"total": f"{total / 100:g}".replace(".", ",")}
            }
        )
