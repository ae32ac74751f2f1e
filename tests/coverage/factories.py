"""Builders for coverage tests: a small city of two kecamatan with a workforce, workers and memberships."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from lindung.core import crypto
from lindung.core.models import Agency, District, MinimumWage, Region, Village
from lindung.core.services import workforce_replace
from lindung.registry.models import Employer, Membership, Program, Worker
from tests.factories import World

_nik = itertools.count(100)
BASE = Program.JKK | Program.JKM | Program.JHT


def make_worker(
    region: Region,
    village: Village | None,
    *,
    sex: str = "M",
    birth: dt.date = dt.date(1990, 5, 1),
    agency: Agency | None = None,
) -> Worker:
    nik = f"12710{next(_nik):011d}"
    return Worker.objects.create(
        region=region,
        nik_cipher=crypto.encrypt(nik),
        nik_index=crypto.blind_index(nik),
        nik_masked=nik[:4] + "********" + nik[-4:],
        name="Uji",
        birth_date=birth,
        sex=sex,
        village=village,
        proposed_by_agency=agency,
    )


def make_membership(
    worker: Worker,
    *,
    employer: Employer | None = None,
    segment: str = "PU",
    programs: int = BASE,
    wage: int = 5_000_000,
    start: dt.date = dt.date(2025, 1, 10),
    end: dt.date | None = None,
    payer: str = "",
    agency: Agency | None = None,
    previous: Membership | None = None,
) -> Membership:
    return Membership.objects.create(
        worker=worker,
        employer=employer,
        payer_kind=payer or ("employer" if employer else "self"),
        segment=segment,
        programs=programs,
        wage=wage,
        valid_from=start,
        valid_to=end,
        agency=agency,
        previous=previous,
    )


@dataclass
class City:
    world: World
    north: District
    south: District
    villages: list[Village]
    employer: Employer
    workers: list[Worker] = field(default_factory=list)


def build_city(world: World) -> City:
    """Medan of the world plus a second kecamatan, a workforce table, a UMK and a handful of members."""
    medan = world.medan
    north = District.objects.get(region=medan)
    south = District.objects.create(region=medan, code="12.71.02", name="Kota Medan Dua")
    v2 = Village.objects.create(district=south, code="12.71.02.1001", name="Selatan Satu")
    v3 = Village.objects.create(district=south, code="12.71.02.1002", name="Selatan Dua")
    v1 = Village.objects.get(district=north)
    rows = [
        {"kecamatan_code": code, "sex": sex, "sector": sector, "count": count}
        for code, sex, sector, count in [
            ("12.71.01", "M", "trade_hospitality", 60),
            ("12.71.01", "F", "trade_hospitality", 40),
            ("12.71.01", "M", "transport_communication", 50),
            ("12.71.01", "F", "transport_communication", 10),
            ("12.71.02", "M", "trade_hospitality", 30),
            ("12.71.02", "F", "trade_hospitality", 30),
            ("12.71.02", "M", "transport_communication", 20),
            ("12.71.02", "F", "transport_communication", 20),
        ]
    ]
    workforce_replace(region=medan, rows=rows, is_estimate=True, source="uji")
    MinimumWage.objects.create(region=medan, year=2025, amount=4_014_072)
    MinimumWage.objects.create(region=medan, year=2026, amount=4_335_198)
    world.agency.sector = "H"  # Dinas Perhubungan oversees transport
    world.agency.save()
    world.employer.kbli, world.employer.size = "49431", "medium"
    world.employer.save()
    shop = Employer.objects.create(
        region=medan, kind="private", subkind="company", size="small", name="Toko Uji", kbli="47111", village=v2
    )
    return City(world, north, south, [v1, v2, v3], shop)
