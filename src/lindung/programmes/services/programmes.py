"""Writes of programmes: create, update (never below what is already spent or promised), activate, close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lindung.core.audit import audit_record
from lindung.core.models import Region
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import DEFAULT_WEIGHTS, MAX_WEIGHT, FundingShare, Programme, ProgrammeStatus, Scenario
from lindung.programmes.services.checks import (
    FundingInput,
    check_ages,
    check_budget,
    check_funding,
    check_income,
    check_months,
    check_programs,
    weight_message,
)

EDITABLE = (
    "name", "budget", "declared_income", "first_month", "last_month", "min_age", "max_age", "verify_days",
    "budget_days", "enrol_days", "priority_weights",
)  # fmt: skip


def _check_weights(weights: dict[str, Any]) -> dict[str, int]:
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValidationError(
            {"priority_weights": _("Kriteria tidak dikenal: %(k)s.") % {"k": ", ".join(sorted(unknown))}}
        )
    if not all(type(v) is int and 0 <= v <= MAX_WEIGHT for v in weights.values()):
        raise ValidationError({"priority_weights": weight_message()})
    return {**DEFAULT_WEIGHTS, **weights}


def _validate(programme: Programme, programs: Sequence[str]) -> None:
    check_budget(programme.budget)
    check_months(programme.first_month, programme.last_month)
    check_ages(programme.min_age, programme.max_age)
    programme.programs = check_programs(programs, programme.start)
    check_income(programme.declared_income, programme.start)
    programme.priority_weights = _check_weights(programme.priority_weights or {})
    try:
        note = rules.price_explained(programme.declared_income, programs, programme.start)
    except rules.PricingError as exc:
        raise ValidationError(_("Iuran program tidak dapat dihitung oleh aturan: %(e)s") % {"e": exc}) from exc
    programme.rules_version, programme.cost_references = note.rules_version, note.references


def _save_funding(programme: Programme, funding: Sequence[FundingInput]) -> None:
    programme.funding.all().delete()
    for item in funding:
        FundingShare.objects.create(programme=programme, source=item.source, share_bp=item.share_bp, name=item.name)


@transaction.atomic
def programme_create(
    *,
    region: Region,
    year: int,
    name: str,
    budget: int,
    programs: Sequence[str],
    declared_income: int,
    funding: Sequence[FundingInput],
    created_by: Any = None,
    source_scenario: Scenario | None = None,
    status: str = ProgrammeStatus.DRAFT,
    **options: Any,
) -> Programme:
    """A new programme for ``year`` (one per region and year); ``options`` are the other editable fields."""
    unknown = set(options) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a programme field: {sorted(unknown)}")
    check_funding(funding)
    if Programme.objects.filter(region=region, year=year).exists():
        raise ValidationError({"year": _("Program tahun %(year)s untuk %(region)s sudah ada.") % {"year": year,
                               "region": region.name}})  # fmt: skip
    programme = Programme(region=region, year=year, name=" ".join(name.split()), budget=budget, programs=0,
                          declared_income=declared_income, created_by=created_by, source_scenario=source_scenario,
                          status=status, **options)  # fmt: skip
    _validate(programme, programs)
    programme.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError as exc:  # the same year saved by someone else a moment ago
        raise ValidationError({"year": _("Program tahun %(year)s sudah ada.") % {"year": year}}) from exc
    _save_funding(programme, funding)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    today: dt.date,
    programs: Sequence[str] | None = None,
    funding: Sequence[FundingInput] | None = None,
    **fields: Any,
) -> Programme:
    """Change a programme; the pagu may not drop below what is already spent, committed and reserved."""
    from lindung.programmes.selectors.ledger import programme_ledger

    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("Program yang sudah ditutup tidak dapat diubah."))
    if funding is not None:
        check_funding(funding)
    for key, value in fields.items():
        setattr(programme, key, value)
    _validate(programme, programs if programs is not None else programme.program_names)
    ledger = programme_ledger(programme=programme, as_of=today)
    used = ledger.realised + ledger.committed + ledger.reserved
    if programme.budget < used:
        raise ValidationError({"budget": _("Pagu baru %(new)s lebih kecil dari yang sudah terpakai, terikat dan "
                               "dicadangkan (%(used)s).") % {"new": f"Rp {programme.budget:,}".replace(",", "."),
                               "used": f"Rp {used:,}".replace(",", ".")}})  # fmt: skip
    programme.full_clean(validate_constraints=False)
    programme.save()
    if funding is not None:
        _save_funding(programme, funding)
    return programme


@transaction.atomic
def programme_activate(*, programme: Programme) -> Programme:
    """A draft starts accepting proposals; its co-funding must add up to 100 % first."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("Hanya program berstatus draf yang dapat diaktifkan."))
    shares = [FundingInput(s.source, s.share_bp, s.name) for s in programme.funding.all()]
    check_funding(shares)
    programme.status = ProgrammeStatus.ACTIVE
    programme.save()
    return programme


@transaction.atomic
def programme_close(*, programme: Programme, today: dt.date) -> Programme:
    """Close a programme whose year is over; its ledger stays readable."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if today <= programme.end:
        raise ValidationError(_("Program baru dapat ditutup setelah %(end)s.") % {"end": programme.end.isoformat()})
    programme.status = ProgrammeStatus.CLOSED
    programme.save()
    audit_record(action="programme_close", object_type="programmes.Programme", object_id=str(programme.pk))
    return programme
