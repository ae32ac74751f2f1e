"""Who am I, regions and agencies."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lindung.core.models import Agency, District
from lindung.core.scoping import scope_for, scoped

router = Router(tags=["reference"])


class MeOut(Schema):
    username: str
    role: str | None
    region_ids: list[int]
    agency_id: int | None = None
    employer_id: int | None = None


class DistrictOut(Schema):
    code: str
    name: str


class AgencyOut(Schema):
    code: str
    name: str
    sector: str
    stakeholder_groups: list[str]
    in_mou: bool


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    scope = scope_for(request.user)
    return MeOut(
        username=request.user.get_username(),
        role=scope.role.value if scope else None,
        region_ids=list(scope.region_ids) if scope else [],
        agency_id=scope.agency_id if scope else None,
        employer_id=scope.employer_id if scope else None,
    )


@router.get("/districts", response=list[DistrictOut])
def districts(request: HttpRequest) -> list[District]:
    return list(scoped(District.objects.all(), request.user).order_by("code"))


@router.get("/agencies", response=list[AgencyOut])
def agencies(request: HttpRequest) -> list[Agency]:
    return list(scoped(Agency.objects.all(), request.user).order_by("name"))
