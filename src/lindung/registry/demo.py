"""Demo step of the registry: employers of the three kinds, workers spread over kecamatan, memberships."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction

from lindung.core import crypto
from lindung.core.audit import audit_record
from lindung.core.models import Agency, MinimumWage, Village
from lindung.demo.context import DemoContext, demo_step
from lindung.demo.sectors import GOVERNMENT, SECTORS
from lindung.regions import synthetic
from lindung.regions.profile import stakeholder_groups
from lindung.regions.nik import mask_nik
from lindung.registry.models import Employer, Membership, Program, Worker

BATCH = 5000
SIZES = np.array(["micro", "small", "medium", "large"])
SIZE_SHARE = np.array([0.5, 0.3, 0.15, 0.05])
SIZE_PULL = {"micro": 2, "small": 8, "medium": 40, "large": 200}
BASE = Program.JKK | Program.JKM | Program.JHT


def _umk(ctx: DemoContext) -> int:
    wage = MinimumWage.objects.filter(region=ctx.region, year__lte=ctx.as_of.year).order_by("-year").first()
    return int(wage.amount) if wage else 4_000_000


@demo_step("employers")
def make_employers(ctx: DemoContext) -> None:
    rng, region = ctx.rng, ctx.region
    villages = list(Village.objects.filter(district__region=region).values_list("pk", flat=True))
    agencies = list(Agency.objects.filter(region=region))
    rows: list[Employer] = []
    for agency in agencies:  # each city agency employs its non-ASN staff: a state-organiser employer
        rows.append(Employer(region=region, kind="state", subkind="city_agency", name=agency.name, agency=agency,
                             kbli=GOVERNMENT.kbli, jkk_risk_group=GOVERNMENT.risk_group, size=""))  # fmt: skip
    for i, (subkind, label) in enumerate(
        [("blud", "RSUD Kota"), ("bumd", "Perusahaan Daerah Pasar"), ("bumd", "PD Pembangunan")]
    ):
        rows.append(Employer(region=region, kind="state", subkind=subkind, name=f"{label} {region.name} {i + 1}",
                             kbli=GOVERNMENT.kbli, jkk_risk_group=GOVERNMENT.risk_group))  # fmt: skip
    private = max(30, ctx.workers // 25)
    weights = np.array([s.weight for s in SECTORS], dtype=float)
    sector_idx = rng.choice(len(SECTORS), size=private, p=weights / weights.sum())
    sizes = rng.choice(SIZES, size=private, p=SIZE_SHARE)
    kinds = rng.choice(["private", "other"], size=private, p=[0.9, 0.1])
    other_subkinds = rng.choice(["cooperative", "foundation", "association"], size=private)
    names = synthetic.business_names(private, rng)
    for i in range(private):
        sector = SECTORS[sector_idx[i]]
        kind = str(kinds[i])
        rows.append(Employer(
            region=region, kind=kind, subkind="company" if kind == "private" else str(other_subkinds[i]),
            size=str(sizes[i]), name=names[i], npp=f"{10_000_000 + i:08d}", kbli=sector.kbli,
            jkk_risk_group=sector.risk_group, village_id=villages[i % len(villages)] if villages else None,
            agency=_responsible_agency(agencies, sector.key),
        ))  # fmt: skip
    Employer.objects.bulk_create(rows, batch_size=BATCH)
    audit_record(action="bulk_create", object_type="registry.Employer", after={"count": len(rows), "demo": True})
    ctx.made["employers"] = list(Employer.objects.filter(region=region).order_by("pk"))
    ctx.log(f"  pemberi kerja: {len(rows):,}")


def _responsible_agency(agencies: list[Agency], sector_key: str) -> Agency | None:
    wanted = {"transport": "perhubungan", "construction": "perumahan", "health": "kesehatan",
              "education": "pendidikan"}.get(sector_key, "koperasi")  # fmt: skip
    return next((a for a in agencies if wanted in a.name.lower()), None)


@demo_step("workers")
def make_workers(ctx: DemoContext) -> None:
    rng, region, n = ctx.rng, ctx.region, ctx.workers
    villages = list(Village.objects.filter(district__region=region).values_list("pk", "district__code"))
    village_idx = rng.integers(0, len(villages), size=n)
    sexes = rng.choice(np.array(["M", "F"]), size=n, p=[0.56, 0.44])
    ages_days = rng.integers(18 * 365, 63 * 365, size=n)
    births = np.datetime64(ctx.as_of) - ages_days.astype("timedelta64[D]")
    kec_codes = np.array([villages[i][1] for i in village_idx])
    niks = synthetic.niks(kec_codes, births, sexes, rng)
    names = synthetic.person_names(sexes, rng)
    has_phone = rng.random(n) < 0.7
    phones = [f"+628{int(x):010d}"[:14] for x in rng.integers(1_100_000_000, 9_999_999_999, size=n)]
    consent = dt.datetime.combine(ctx.as_of, dt.time(9), tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        phone = phones[i] if has_phone[i] else ""
        rows.append(Worker(
            region=region, nik_cipher=crypto.encrypt(niks[i]), nik_index=crypto.blind_index(niks[i]),
            nik_masked=mask_nik(niks[i]), name=names[i], birth_date=births[i].astype(dt.date), sex=sexes[i],
            village_id=villages[village_idx[i]][0], phone_cipher=crypto.encrypt(phone) if phone else "",
            phone_index=crypto.blind_index(phone) if phone else "", phone_masked=phone[:5] + "****" + phone[-3:] if phone else "",
            vulnerability_consent_at=consent,
        ))  # fmt: skip
    with transaction.atomic():
        Worker.objects.bulk_create(rows, batch_size=BATCH)
        audit_record(action="bulk_create", object_type="registry.Worker", after={"count": n, "demo": True})
    ctx.log(f"  pekerja: {n:,}")


@demo_step("memberships")
def make_memberships(ctx: DemoContext) -> None:
    rng, region = ctx.rng, ctx.region
    workers = list(Worker.objects.filter(region=region).order_by("pk").values_list("pk", "birth_date"))
    employers: list[Employer] = ctx.made["employers"]
    pull = np.array([SIZE_PULL.get(e.size, 30 if e.kind == "state" else 5) for e in employers], dtype=float)
    sector_factor = {s.kbli: s.wage_factor for s in (*SECTORS, GOVERNMENT)}
    umk = _umk(ctx)
    vulnerable = {key for key, group in stakeholder_groups().items() if group.vulnerable}
    reach = {a: [g for g in a.stakeholder_groups if g in vulnerable] for a in Agency.objects.filter(region=region)}
    city_agencies = [a for a, groups in reach.items() if groups]
    kind = rng.choice(["pu", "bpu", "city", "sponsor", "none"], size=len(workers), p=[0.6, 0.15, 0.12, 0.03, 0.10])
    employer_idx = rng.choice(len(employers), size=len(workers), p=pull / pull.sum())
    wage_noise = rng.lognormal(0.05, 0.18, size=len(workers))
    start_days = rng.integers(30, 6 * 365, size=len(workers))
    ended = rng.random(len(workers)) < 0.07
    rows: list[Membership] = []
    worker_updates: list[Worker] = []
    for i, (worker_id, birth) in enumerate(workers):
        start = ctx.as_of - dt.timedelta(days=int(start_days[i]))
        start = max(start, dt.date(2016, 1, 1))
        age = (start - birth).days // 365
        k = kind[i]
        if k == "none":
            continue
        if k == "pu":
            employer = employers[employer_idx[i]]
            wage = int(round(umk * sector_factor.get(employer.kbli, 1.0) * wage_noise[i], -3))
            programs = BASE | (Program.JP if age < 59 and employer.size in {"medium", "large", ""} else 0)
            programs |= Program.JKP if age < 54 else 0
            rows.append(Membership(worker_id=worker_id, payer_kind="employer", employer=employer, segment="PU",
                                   programs=programs, wage=wage, valid_from=start))  # fmt: skip
        else:
            agency = city_agencies[i % len(city_agencies)] if k == "city" and city_agencies else None
            income = (
                1_000_000 if k in {"city", "sponsor"} else int(rng.choice([1_000_000, 1_500_000, 2_000_000, 3_000_000]))
            )
            programs = Program.JKK | Program.JKM | (Program.JHT if k == "bpu" and i % 3 == 0 else 0)
            payer = {"bpu": "self", "city": "city_programme", "sponsor": "sponsor"}[k]
            rows.append(Membership(worker_id=worker_id, payer_kind=payer, segment="BPU", programs=programs,
                                   wage=income, valid_from=start, agency=agency,
                                   sponsor_name="CSR Bank Daerah" if k == "sponsor" else ""))  # fmt: skip
            if agency is not None:
                category = reach[agency][i % len(reach[agency])]
                worker_updates.append(Worker(pk=worker_id, proposed_by_agency=agency, vulnerability_category=category,
                                             female_head_of_household=bool(i % 7 == 0), disability=bool(i % 23 == 0)))  # fmt: skip
        if ended[i]:
            row = rows[-1]
            row.valid_to = min(ctx.as_of, row.valid_from + dt.timedelta(days=int(rng.integers(60, 900))))
            row.end_reason = str(rng.choice(["resigned", "phk", "moved_away", "death"]))
    with transaction.atomic():
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        Worker.objects.bulk_update(
            worker_updates,
            ["proposed_by_agency", "vulnerability_category", "female_head_of_household", "disability"],
            batch_size=BATCH,
        )
        audit_record(action="bulk_create", object_type="registry.Membership", after={"count": len(rows), "demo": True})
    ctx.log(f"  kepesertaan: {len(rows):,}")


def summary(region: Any) -> dict[str, int]:
    return {
        "employers": Employer.objects.filter(region=region).count(),
        "workers": Worker.objects.filter(region=region).count(),
        "memberships": Membership.objects.filter(worker__region=region).count(),
    }
