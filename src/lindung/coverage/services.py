"""Writes of coverage: refreshing the aggregates, and handing gaps to agencies for follow-up.

``coverage_refresh`` is the hook other apps call (through ``tasks.coverage_refresh_later`` after an import or
a billing run). Follow-ups are audited models; their labels never carry a name or a full NIK.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.models import Agency, Region, Village
from lindung.core.roles import Role
from lindung.core.scoping import scope_for, scoped
from lindung.coverage.goal_services import coverage_target_seed, coverage_target_set
from lindung.coverage.models import FollowUp, FollowUpKind, FollowUpStatus
from lindung.coverage.refresh import RefreshResult, coverage_refresh
from lindung.coverage.selectors.reference import coverage_reference
from lindung.coverage.selectors.view import ASSIGN_ROLES
from lindung.registry.models import Employer, Membership

__all__ = [
    "RefreshResult",
    "coverage_refresh",
    "coverage_target_seed",
    "coverage_target_set",
    "followup_assign",
    "followup_set_status",
]


def _subject_label(*, user: Any, region: Region, kind: str, key: str) -> str:
    """The readable name of a gap in the user's scope; ValidationError when it is not one."""
    if kind == FollowUpKind.VILLAGE:
        village = scoped(Village.objects.filter(district__region=region, code=key), user).select_related("district")
        found = village.first()
        if found is not None:
            return _("Kel. %(v)s, Kec. %(d)s") % {"v": found.name, "d": found.district.name}
    elif kind == FollowUpKind.SECTOR:
        district_code, _sep, sector = key.partition(":")
        reference = coverage_reference(user=user, region=region)
        if district_code in reference.districts and sector in reference.sector_keys():
            return _("Sektor %(s)s, Kec. %(d)s") % {
                "s": reference.label("sector", sector),
                "d": reference.districts[district_code],
            }
    elif kind == FollowUpKind.EMPLOYER and key.isdigit():
        employer = scoped(Employer.objects.filter(region=region, pk=int(key)), user).first()
        if employer is not None:
            return employer.name + (f" (NPP {employer.npp})" if employer.npp else "")
    elif kind == FollowUpKind.MEMBERSHIP and key.isdigit():
        found_membership = (
            scoped(Membership.objects.filter(worker__region=region, pk=int(key)), user)
            .select_related("worker__village")
            .first()
        )
        if found_membership is not None:
            worker = found_membership.worker
            place = worker.village.name if worker.village else "–"
            return _("Peserta %(nik)s, Kel. %(v)s") % {"nik": worker.nik_masked, "v": place}
    raise ValidationError(_("Sasaran tindak lanjut tidak ditemukan dalam cakupan Anda."))


def _check_assignment(*, user: Any, region: Region, kind: str, agency: Agency, due_on: dt.date | None) -> None:
    scope = scope_for(user)
    in_scope = scoped(Region.objects.filter(pk=region.pk), user).exists()
    if scope is None or scope.role not in ASSIGN_ROLES or not in_scope:
        raise PermissionDenied
    if kind not in FollowUpKind.values:
        raise ValidationError(_("Jenis tindak lanjut tidak dikenal."))
    if agency.region_id != region.pk:
        raise ValidationError(_("Pilih perangkat daerah dari wilayah yang sama."))
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError(_("Tenggat tidak boleh di masa lalu."))


@transaction.atomic
def followup_assign(
    *,
    user: Any,
    region: Region,
    kind: str,
    subject_key: str,
    agency: Agency,
    note: str = "",
    due_on: dt.date | None = None,
    figure: str = "",
) -> FollowUp:
    """Hand a gap (a kelurahan, a kecamatan's sector, an employer, a member) to an agency."""
    _check_assignment(user=user, region=region, kind=kind, agency=agency, due_on=due_on)
    label = _subject_label(user=user, region=region, kind=kind, key=subject_key)
    open_same = FollowUp.objects.filter(region=region, kind=kind, subject_key=subject_key, agency=agency)
    if open_same.exclude(status=FollowUpStatus.DONE).exists():
        raise ValidationError(_("%(a)s sudah menangani sasaran ini.") % {"a": agency.name})
    followup = FollowUp(
        region=region,
        kind=kind,
        subject_key=subject_key,
        subject_label=label[:200],
        figure=figure.strip()[:100],
        agency=agency,
        note=note.strip(),
        due_on=due_on,
        assigned_by=user if user.pk else None,
        assigned_at=timezone.now(),
    )
    followup.full_clean()
    followup.save()
    return followup


def _may_update(user: Any, followup: FollowUp) -> bool:
    scope = scope_for(user)
    if scope is None or not scoped(FollowUp.objects.filter(pk=followup.pk), user).exists():
        return False
    return scope.role in ASSIGN_ROLES or (scope.role == Role.AGENCY_OFFICER and scope.agency_id == followup.agency_id)


@transaction.atomic
def followup_set_status(*, user: Any, followup: FollowUp, status: str, note: str = "") -> FollowUp:
    """Move a follow-up on (new → handled → done, or back); the assigned agency or a coordinator may."""
    if not _may_update(user, followup):
        raise PermissionDenied
    if status not in FollowUpStatus.values:
        raise ValidationError(_("Status tidak dikenal."))
    followup.status = status
    followup.closed_at = timezone.now() if status == FollowUpStatus.DONE else None
    if note.strip():
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        followup.note = (
            followup.note + "\n" if followup.note else ""
        ) + f"[{stamp} {user.get_username()}] {note.strip()}"
    followup.full_clean()
    try:
        with transaction.atomic():
            followup.save()
    except IntegrityError as exc:
        raise ValidationError(_("Sasaran ini sudah dibuka lagi untuk perangkat daerah yang sama.")) from exc
    return followup
