"""The planner's writes: run and keep a scenario; turn a scenario into next year's programme in one step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.models import Region
from lindung.programmes import permissions
from lindung.programmes.models import FULL_SHARE, FundingSource, Programme, ProgrammeStatus, Scenario
from lindung.programmes.selectors.planner import PlanInput, plan
from lindung.programmes.services.checks import FundingInput, check_budget, check_income, check_months, check_programs
from lindung.programmes.services.programmes import programme_create

MAX_MONTHS = 12


def _rp(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def _check(inputs: PlanInput) -> None:
    check_budget(inputs.budget)
    if not 1 <= inputs.months <= MAX_MONTHS:
        raise ValidationError({"months": _("Jumlah bulan harus antara 1 dan 12.")})
    check_months(inputs.first_month, inputs.first_month + inputs.months - 1)
    day = dt.date(inputs.year, inputs.first_month, 1)
    check_programs(inputs.programs, day)
    check_income(inputs.declared_income, day)
    if inputs.workers_wanted is not None and inputs.workers_wanted <= 0:
        raise ValidationError({"workers_wanted": _("Jumlah pekerja yang diinginkan harus lebih dari nol.")})


@transaction.atomic
def scenario_create(*, region: Region, name: str, inputs: PlanInput, user: Any, as_of: dt.date) -> Scenario:
    """Run the planner and keep the answer; a scenario that does not fit its money is refused with the gap."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    _check(inputs)
    result = plan(plan_input=inputs, user=user, as_of=as_of)
    if result.shortfall > 0:
        raise ValidationError(_(
            "Skenario melebihi anggaran: dibutuhkan %(need)s lebih banyak (%(per)s per pekerja untuk %(m)s bulan; "
            "%(cont)s peserta berjalan). Tambah anggaran, kurangi bulan atau jumlah pekerja.") % {
            "need": _rp(result.shortfall), "per": _rp(result.per_worker), "m": inputs.months,
            "cont": result.continuing})  # fmt: skip
    scenario = Scenario(
        region=region, name=" ".join(name.split()) or _("Skenario %(year)s") % {"year": inputs.year},
        year=inputs.year, budget=inputs.budget, first_month=inputs.first_month, months=inputs.months,
        programs=check_programs(inputs.programs, dt.date(inputs.year, inputs.first_month, 1)),
        declared_income=inputs.declared_income, include_current=inputs.include_current,
        workers_wanted=inputs.workers_wanted, result=result.as_json(), rules_version=result.rules_version,
        created_by=user,
    )  # fmt: skip
    scenario.full_clean()
    scenario.save()
    return scenario


@transaction.atomic
def scenario_to_programme(*, scenario: Scenario, user: Any, funding: Sequence[FundingInput] | None = None) -> Programme:
    """Create the scenario's year's programme (a draft) with the scenario's money, months and programmes."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    scenario = Scenario.objects.select_for_update(of=("self",)).select_related("region").get(pk=scenario.pk)
    if scenario.programme_id is not None:
        raise ValidationError(_("Skenario ini sudah dijadikan program."))
    programme = programme_create(
        region=scenario.region, year=scenario.year, name=_("Program pekerja rentan %(year)s") % {"year": scenario.year},
        budget=scenario.budget, programs=scenario.program_names, declared_income=scenario.declared_income,
        funding=funding or [FundingInput(FundingSource.CITY, FULL_SHARE)], created_by=user, source_scenario=scenario,
        status=ProgrammeStatus.DRAFT, first_month=scenario.first_month, last_month=scenario.last_month,
        **_policy_of_latest(scenario),
    )  # fmt: skip
    scenario.programme = programme
    scenario.save()
    return programme


def _policy_of_latest(scenario: Scenario) -> dict[str, Any]:
    """Carry the age range, time limits and weights over from the region's latest programme."""
    latest = Programme.objects.filter(region=scenario.region, year__lt=scenario.year).order_by("-year").first()
    if latest is None:
        return {}
    fields = ("min_age", "max_age", "verify_days", "budget_days", "enrol_days", "priority_weights")
    return {name: getattr(latest, name) for name in fields}
