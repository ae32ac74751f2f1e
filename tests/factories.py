"""Small builders of a consistent test world: two regions, agencies, employers, workers, one user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from lindung.core import crypto
from lindung.core.models import Agency, Branch, District, Region, UserProfile, Village
from lindung.core.roles import Role
from lindung.registry.models import Employer, Membership, Program, Worker

PASSWORD = "kata-sandi-uji-2026"


def make_region(code: str, name: str, slug: str) -> Region:
    region = Region.objects.create(
        code=code, name=name, kind="kota", province_code=code[:2], province_name="Sumatera Utara", profile_slug=slug
    )
    district = District.objects.create(region=region, code=f"{code}.01", name=f"{name} Satu")
    Village.objects.create(district=district, code=f"{code}.01.1001", name=f"{name} Desa", postal_code="20111")
    return region


def make_worker(region: Region, nik: str, name: str, agency: Agency | None = None) -> Worker:
    return Worker.objects.create(
        region=region,
        nik_cipher=crypto.encrypt(nik),
        nik_index=crypto.blind_index(nik),
        nik_masked=nik[:4] + "********" + nik[-4:],
        name=name,
        birth_date=dt.date(1990, 1, 1),
        sex="M",
        village=Village.objects.filter(district__region=region).first(),
        proposed_by_agency=agency,
    )


def make_employer(region: Region, name: str, agency: Agency | None = None) -> Employer:
    return Employer.objects.create(
        region=region, kind="private", subkind="company", size="small", name=name, agency=agency
    )


def make_membership(worker: Worker, employer: Employer | None, agency: Agency | None = None) -> Membership:
    return Membership.objects.create(
        worker=worker,
        employer=employer,
        payer_kind="employer" if employer else "city_programme",
        agency=agency,
        segment="PU" if employer else "BPU",
        programs=Program.JKK | Program.JKM,
        wage=4_500_000 if employer else 1_000_000,
        valid_from=dt.date(2025, 1, 1),
    )


def make_user(username: str, role: Role | None, **scope: Any) -> Any:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role is not None:
        UserProfile.objects.create(user=user, role=role, **scope)
    return user


@dataclass
class World:
    medan: Region
    other: Region
    agency: Agency
    other_agency: Agency
    foreign_agency: Agency
    employer: Employer
    other_employer: Employer
    foreign_employer: Employer
    worker: Worker
    proposed_worker: Worker
    other_worker: Worker
    foreign_worker: Worker
    users: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    medan = make_region("12.71", "Kota Medan", "kota-medan")
    other = make_region("12.75", "Kota Binjai", "kota-binjai")
    agency = Agency.objects.create(region=medan, code="dishub", name="Dinas Perhubungan", in_mou=True)
    other_agency = Agency.objects.create(region=medan, code="dinsos", name="Dinas Sosial", in_mou=True)
    foreign_agency = Agency.objects.create(region=other, code="disnaker", name="Dinas Tenaga Kerja Binjai")
    branch = Branch.objects.create(code="medan-kota", name="Cabang Medan Kota")
    branch.regions.add(medan)
    employer = make_employer(medan, "PT Angkutan Deli", agency)
    other_employer = make_employer(medan, "CV Sosial Sejahtera", other_agency)
    foreign_employer = make_employer(other, "PT Binjai Jaya")
    worker = make_worker(medan, "1271011708900001", "Budi Uji", None)
    proposed = make_worker(medan, "1271015505920002", "Sari Usulan", agency)
    other_worker = make_worker(medan, "1271021212880003", "Tono Lain", None)
    foreign_worker = make_worker(other, "1275010101900004", "Andi Binjai", None)
    make_membership(worker, employer)
    make_membership(other_worker, other_employer)
    make_membership(foreign_worker, foreign_employer)
    world = World(medan, other, agency, other_agency, foreign_agency, employer, other_employer, foreign_employer,
                  worker, proposed, other_worker, foreign_worker)  # fmt: skip
    world.users = {
        "coordinator": make_user("koordinator", Role.COORDINATOR, region=medan),
        "agency_officer": make_user("dishub", Role.AGENCY_OFFICER, region=medan, agency=agency),
        "branch_officer": make_user("bpjs", Role.BRANCH_OFFICER, branch=branch),
        "employer": make_user("pt-angkutan", Role.EMPLOYER, region=medan, employer=employer),
        "worker": make_user("budi", Role.WORKER, region=medan, worker=worker),
        "auditor": make_user("auditor", Role.AUDITOR, region=medan),
        "admin": make_user("admin", Role.ADMIN),
        "no_role": make_user("tanpa-peran", None),
        "broken_scope": make_user("agency-tanpa-dinas", Role.AGENCY_OFFICER, region=medan),
    }
    return world
