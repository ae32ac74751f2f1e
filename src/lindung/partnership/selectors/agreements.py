"""Reads of the MoU and the PKS, within the user's scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.core.scoping import scoped
from lindung.partnership.models import LiaisonOfficer, Mou, Pks


def mou_list(*, user: Any) -> QuerySet[Mou]:
    return scoped(Mou.objects.select_related("region", "branch"), user).order_by("-signed_on", "-pk")


def pks_of_agency(*, user: Any, agency: Agency) -> QuerySet[Pks]:
    return scoped(Pks.objects.filter(agency=agency).select_related("mou"), user).order_by("-created_at", "-pk")


def liaison_candidates(*, agency: Agency) -> QuerySet[Any]:
    """The users who may be the agency's liaison officers: active, of the agency-officer role, of ``agency``."""
    users = get_user_model().objects.filter(profile__role=Role.AGENCY_OFFICER, profile__agency=agency, is_active=True)
    return users.order_by("username")


def liaison_officers(*, agency: Agency) -> list[Any]:
    """The liaison officers the coordinator named for ``agency`` (the caller has checked the agency's scope);
    an officer who lost the role or moved to another agency no longer counts."""
    named = LiaisonOfficer.objects.filter(agency=agency).values("user_id")
    return list(liaison_candidates(agency=agency).filter(pk__in=named))
