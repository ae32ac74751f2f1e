"""Writes of reference data and users: loading a region profile, creating users with a role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from lindung.core.audit import audit_record
from lindung.core.models import Agency, Branch, District, MinimumWage, Region, UserProfile, Village, WorkforceFigure
from lindung.core.roles import Role
from lindung.regions.model import Profile


@dataclass(frozen=True)
class ProfileLoadResult:
    region: Region
    districts: int
    villages: int
    agencies: int
    created: bool


@transaction.atomic
def region_profile_load(*, profile: Profile) -> ProfileLoadResult:
    """Create or update a region and its kecamatan, kelurahan, agencies, UMK and BPJS branches (idempotent)."""
    region, created = Region.objects.update_or_create(
        code=profile.code,
        defaults={
            "name": profile.name,
            "kind": profile.type,
            "province_code": profile.province.code,
            "province_name": profile.province.name,
            "profile_slug": profile.slug,
        },
    )
    villages = 0
    for kec in profile.kecamatan:
        district, _ = District.objects.update_or_create(code=kec.code, defaults={"region": region, "name": kec.name})
        for kel in kec.kelurahan:
            Village.objects.update_or_create(
                code=kel.code, defaults={"district": district, "name": kel.name, "postal_code": kel.postal_code}
            )
            villages += 1
    for agency in profile.agencies:
        Agency.objects.update_or_create(
            region=region,
            code=agency.slug,
            defaults={
                "name": agency.name,
                "sector": ", ".join(agency.kbli_sections),
                "stakeholder_groups": list(agency.stakeholder_groups),
                "in_mou": agency.in_mou,
                "is_manpower_office": agency.is_manpower_office,
                "is_finance_office": agency.is_finance_office,
                "head_title": agency.head_title,
            },
        )
    for wage in profile.umk:
        MinimumWage.objects.update_or_create(
            region=region,
            year=wage.year,
            defaults={
                "amount": wage.amount,
                "decree": wage.decree or "",
                "decree_date": wage.decree_date,
                "source": "; ".join(wage.sources),
            },
        )
    for branch_data in profile.bpjs_branches:
        branch, _ = Branch.objects.update_or_create(code=branch_data.slug, defaults={"name": branch_data.name})
        branch.regions.add(region)
    audit_record(
        action="load_profile", object_type="core.Region", object_id=str(region.pk), after={"slug": profile.slug}
    )
    return ProfileLoadResult(region, len(profile.kecamatan), villages, len(profile.agencies), created)


@transaction.atomic
def workforce_replace(*, region: Region, rows: list[dict[str, Any]], is_estimate: bool, source: str) -> int:
    """Replace the region's workforce table in one transaction (all rows or none)."""
    districts = {d.code: d for d in District.objects.filter(region=region)}
    unknown = sorted({row["kecamatan_code"] for row in rows} - set(districts))
    if unknown:
        raise ValueError(f"kecamatan tidak dikenal di {region.name}: {', '.join(unknown)}")
    WorkforceFigure.objects.filter(district__region=region).delete()
    WorkforceFigure.objects.bulk_create(
        WorkforceFigure(
            district=districts[row["kecamatan_code"]],
            sex=row["sex"],
            sector=row["sector"],
            count=row["count"],
            is_estimate=is_estimate,
            source=source,
        )
        for row in rows
    )
    audit_record(
        action="workforce_replace",
        object_type="core.WorkforceFigure",
        object_id=region.code,
        after={"rows": len(rows), "is_estimate": is_estimate, "source": source},
    )
    return len(rows)


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    password: str | None,
    role: Role,
    full_name: str = "",
    region: Region | None = None,
    agency: Agency | None = None,
    branch: Branch | None = None,
    employer: Any = None,
    worker: Any = None,
) -> Any:
    """Create (or reset) a user with exactly one role and its scope; ``password=None`` leaves no usable password
    (an account that cannot log in, and costs no password hashing)."""
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    UserProfile.objects.update_or_create(
        user=user,
        defaults={
            "role": role,
            "region": region,
            "agency": agency,
            "branch": branch,
            "employer": employer,
            "worker": worker,
        },
    )
    return user
