"""Writes of the RPJMD coverage target: seeding it from ``data/targets.yaml``, and the coordinator's edits.

A target is dated (``effective_from``): a new document is a new entry, the old one stays as history; an entry
of the same date is corrected in place. Both writes are audited (``CoverageTarget`` is an audited model).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.models import Region
from lindung.core.roles import Role
from lindung.core.scoping import scope_for, scoped
from lindung.coverage.models import CoverageTarget
from lindung.coverage.targets import region_targets

#: Who may record a target: the city's coordinator and the administrator.
TARGET_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def coverage_target_may_edit(*, user: Any, region: Region) -> bool:
    scope = scope_for(user)
    in_scope = scoped(Region.objects.filter(pk=region.pk), user).exists()
    return scope is not None and scope.role in TARGET_ROLES and in_scope


@transaction.atomic
def coverage_target_seed(*, region: Region) -> CoverageTarget | None:
    """Store the seed file's goal as an unconfirmed assumption when the region has no target yet."""
    if CoverageTarget.objects.filter(region=region).exists():
        return None
    goal = region_targets(region.code).goal
    if goal is None:
        return None
    target = CoverageTarget(
        region=region,
        effective_from=goal.baseline_date,
        label=goal.label[:200],
        target_date=goal.target_date,
        target_pct=Decimal(str(goal.target_pct)),
        baseline_date=goal.baseline_date,
        baseline_pct=Decimal(str(goal.baseline_pct)),
        baseline_note=goal.baseline_note[:300],
        source_document=goal.source[:300] or "targets.yaml",
        confirmed=False,
        recorded_at=timezone.now(),
    )
    target.full_clean()
    target.save()
    return target


def _percent(value: Any, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("%(f)s harus berupa angka persen, mis. 95 atau 72,5.") % {"f": label}) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValidationError(_("%(f)s harus antara 0 dan 100.") % {"f": label})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def coverage_target_set(
    *,
    user: Any,
    region: Region,
    effective_from: dt.date,
    label: str,
    target_date: dt.date,
    target_pct: Any,
    baseline_date: dt.date,
    baseline_pct: Any,
    baseline_note: str = "",
    source_document: str,
    confirmed: bool,
) -> CoverageTarget:
    """Record the target of ``region`` from a document dated ``effective_from`` (same date: a correction)."""
    if not coverage_target_may_edit(user=user, region=region):
        raise PermissionDenied
    if not source_document.strip():
        raise ValidationError(_("Tulis dokumen sumber target, mis. Perda RPJMD Kota Medan 2025–2029, Bab VI."))
    target = CoverageTarget.objects.select_for_update().filter(
        region=region, effective_from=effective_from
    ).first() or CoverageTarget(region=region, effective_from=effective_from)
    target.label = label.strip()[:200]
    target.target_date, target.baseline_date = target_date, baseline_date
    target.target_pct = _percent(target_pct, _("Target cakupan"))
    target.baseline_pct = _percent(baseline_pct, _("Cakupan titik awal"))
    target.baseline_note = baseline_note.strip()[:300]
    target.source_document = source_document.strip()[:300]
    target.confirmed = confirmed
    target.recorded_by = user if getattr(user, "pk", None) else None
    target.recorded_at = timezone.now()
    if target_date <= baseline_date:
        raise ValidationError(_("Tanggal target harus sesudah tanggal titik awal."))
    target.full_clean()
    target.save()
    return target
