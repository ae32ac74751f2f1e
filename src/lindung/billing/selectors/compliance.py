"""Employer compliance flags: the PDS suspects coverage computed, with billing's headcounts beside them.

One source of truth: the signs (wage below the UMK, programmes missing for the size, headcount below the size
class) are coverage's (``lindung.coverage.pds``, stored as ``EmployerCompliance`` by each coverage refresh);
billing's own reasons (arrears, a falling headcount) reach that list through ``lindung.billing.feeds``. This
page adds only the invoiced headcount now and three months before, for the employers listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.billing.feeds import employer_headcounts
from lindung.core.scoping import scoped
from lindung.coverage.models import EmployerCompliance
from lindung.registry.models import Employer

#: Labels of the reason codes (coverage's signs and billing's own).
FLAG_LABELS: dict[str, str | Promise] = {
    "wage": _("upah < UMK"),
    "programme": _("program kurang"),
    "headcount": _("pekerja di bawah skala usaha"),
    "arrears": _("menunggak iuran"),
    "headcount_falling": _("peserta turun"),
}


@dataclass
class ComplianceRow:
    employer: Employer
    as_of: dt.date
    members: int = 0
    below_umk: int = 0
    missing_programs: int = 0
    headcount_now: int | None = None
    headcount_before: int | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [str(FLAG_LABELS.get(flag, flag)) for flag in self.flags]


def employer_compliance(*, user: Any, as_of: dt.date) -> list[ComplianceRow]:
    """The PDS suspects in scope as of the last coverage refresh, most signs first ([] before the first one).

    ``as_of`` bounds the invoices whose headcounts are shown.
    """
    stored = list(
        scoped(EmployerCompliance.objects.select_related("employer", "region"), user).order_by(
            "-severity", "employer__name"
        )
    )
    rows = [
        ComplianceRow(
            employer=c.employer,
            as_of=c.as_of,
            members=c.active_workers,
            below_umk=c.below_umk,
            missing_programs=sum(int(n) for n in c.missing.values()),
            flags=list(c.reasons),
        )
        for c in stored
    ]
    for region in {c.region for c in stored}:
        now, before = employer_headcounts(region=region, as_of=as_of)
        for c, row in zip(stored, rows, strict=True):
            if c.region_id == region.pk:
                row.headcount_now, row.headcount_before = now.get(c.employer_id), before.get(c.employer_id)
    return rows
