"""Employer compliance flags: wages below the UMK, programmes missing for the size, headcount falling.

The programmes an employer must enrol come from the rules (by size, as of the date); the UMK from the region's
reference data. A falling headcount compares the regular lines of the latest invoice with three months before.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Final

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from lindung.billing import rules_adapter as rules
from lindung.billing.models import Invoice
from lindung.core.models import MinimumWage
from lindung.core.scoping import scoped
from lindung.registry.models import Employer, Membership, PayerKind

FALL_MONTHS: Final = 3
FALL_SHARE: Final = 0.9  # a drop of more than 10 % over three months is flagged
FALL_MIN_HEADCOUNT: Final = 5


@dataclass
class ComplianceRow:
    employer: Employer
    members: int = 0
    below_umk: int = 0
    missing_programs: int = 0
    headcount_now: int | None = None
    headcount_before: int | None = None
    flags: list[str] = field(default_factory=list)


def _umk_by_region(year: int) -> dict[int, int]:
    found: dict[int, int] = {}
    for region_id, _year, amount in (
        MinimumWage.objects.filter(year__lte=year).order_by("year").values_list("region_id", "year", "amount")
    ):
        found[region_id] = int(amount)
    return found


def _active(as_of: dt.date) -> Q:
    return Q(valid_from__lte=as_of) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))


def _membership_counts(employers: list[Employer], as_of: dt.date) -> dict[int, ComplianceRow]:
    umk = _umk_by_region(as_of.year)
    below = Case(
        *[When(employer__region_id=r, wage__lt=amount, then=Value(1)) for r, amount in umk.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = {e.pk: ComplianceRow(e) for e in employers}
    groups = (
        Membership.objects.filter(_active(as_of), employer__in=rows.keys(), payer_kind=PayerKind.EMPLOYER, segment="PU")
        .values("employer_id", "programs")
        .annotate(n=Count("pk"), below=Sum(below))
    )
    for g in groups:
        row = rows[g["employer_id"]]
        required = rules.required_programs_mask(row.employer.size, as_of)
        row.members += g["n"]
        row.below_umk += int(g["below"] or 0)
        if required is not None and g["programs"] & required != required:
            row.missing_programs += g["n"]
    return rows


def _headcounts(rows: dict[int, ComplianceRow]) -> None:
    latest = (
        Invoice.objects.filter(account__kind=PayerKind.EMPLOYER)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    if latest is None:
        return
    before = rules.month_start(rules.month_index(latest.year, latest.month) - FALL_MONTHS)
    counts: dict[tuple[int, dt.date], int] = defaultdict(int)
    for employer_id, period, n in Invoice.objects.filter(
        account__employer__in=rows.keys(), period__in=[latest, before]
    ).values_list("account__employer_id", "period", "line_count"):
        counts[(employer_id, period)] += n
    for pk, row in rows.items():
        row.headcount_now = counts.get((pk, latest))
        row.headcount_before = counts.get((pk, before))


def employer_compliance(*, user: Any, as_of: dt.date, flagged_only: bool = True) -> list[ComplianceRow]:
    """Flags of the employers in scope (private and other kinds; state organisers are listed too)."""
    employers = list(scoped(Employer.objects.select_related("region"), user).order_by("name"))
    rows = _membership_counts(employers, as_of)
    _headcounts(rows)
    for row in rows.values():
        if row.below_umk:
            row.flags.append("below_umk")
        if row.missing_programs:
            row.flags.append("missing_programs")
        now, before = row.headcount_now, row.headcount_before
        if now is not None and before is not None and before >= FALL_MIN_HEADCOUNT and now < before * FALL_SHARE:
            row.flags.append("headcount_falling")
    out = list(rows.values())
    return [r for r in out if r.flags] if flagged_only else out
