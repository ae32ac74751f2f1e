"""Writes of the agencies: their data from the region profile, and their liaison officers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.models import Agency
from lindung.partnership.models import LiaisonOfficer
from lindung.partnership.selectors.agreements import liaison_candidates
from lindung.regions.profile import stakeholder_groups as profile_groups


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    name: str,
    sector: str,
    stakeholder_groups: list[str],
    head_title: str,
    liaison_officers: Iterable[Any] | None = None,
) -> Agency:
    """Edit an agency loaded from the region profile (the profile stays the source for new installations) and,
    when given, set its liaison officers; every change is in the audit log (the models are audited)."""
    groups = list(dict.fromkeys(g.strip() for g in stakeholder_groups if g.strip()))
    known = profile_groups()
    unknown = [g for g in groups if g not in known]  # the page offers only these keys; the API must refuse others
    if unknown:
        message = _("Kelompok sasaran tidak dikenal: %(groups)s. Pilih dari: %(known)s.")
        params = {"groups": ", ".join(unknown)[:200], "known": ", ".join(known)}
        raise ValidationError({"stakeholder_groups": message % params})
    if liaison_officers is not None:  # first: a refused officer must leave the agency as it was
        agency_set_liaison_officers(agency=agency, users=liaison_officers)
    agency.name, agency.sector, agency.head_title = name.strip(), sector.strip(), head_title.strip()
    agency.stakeholder_groups = groups
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_set_liaison_officers(*, agency: Agency, users: Iterable[Any]) -> list[Any]:
    """Name exactly ``users`` the agency's liaison officers; each must hold the agency-officer role of this
    agency (an officer of another agency, or a user of another role, is refused and nothing changes)."""
    wanted = {user.pk: user for user in users}
    allowed = set(liaison_candidates(agency=agency).filter(pk__in=wanted).values_list("pk", flat=True))
    refused = sorted(user.get_username() for pk, user in wanted.items() if pk not in allowed)
    if refused:
        raise ValidationError(
            _("Hanya petugas perangkat daerah %(agency)s yang dapat menjadi petugas penghubung; bukan: %(users)s.")
            % {"agency": agency.name, "users": ", ".join(refused)}
        )
    current = set(LiaisonOfficer.objects.filter(agency=agency).values_list("user_id", flat=True))
    for link in LiaisonOfficer.objects.filter(agency=agency).exclude(user_id__in=allowed):
        link.delete()  # one by one: each removal is an audit entry
    for pk in sorted(allowed - current):
        LiaisonOfficer.objects.create(agency=agency, user=wanted[pk])
    return [wanted[pk] for pk in sorted(allowed)]
