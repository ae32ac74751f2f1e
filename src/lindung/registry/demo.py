"""Demo step of the registry: employers of the three kinds, workers spread over kecamatan, memberships.

Deterministic for a seed; fast enough for 200,000 workers: every column is drawn with numpy first, NIK and
phone are encrypted on all cores, and rows go in through ``registry.bulk`` (one audit entry per table). A few
planted look-alikes (same name and birth date, the same phone, NIKs one digit apart) give the duplicate
review something to show; the scan runs at the end.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from lindung.core.audit import audit_record
from lindung.core.models import Agency, MinimumWage, Village
from lindung.demo.context import DemoContext, demo_step
from lindung.demo.sectors import GOVERNMENT, SECTORS, DemoSector
from lindung.regions import synthetic
from lindung.regions.nik import mask_nik
from lindung.regions.profile import stakeholder_groups
from lindung.registry import bulk
from lindung.registry.identifiers import name_key
from lindung.registry.kbli_risk import risk_for_kbli
from lindung.registry.models import Employer, Membership, Program, Worker
from lindung.registry.rules_adapter import RULES_VERSION
from lindung.registry.services.dedup import duplicate_scan
from lindung.registry.services.workers import mask_phone

SIZES = np.array(["micro", "small", "medium", "large"])
SIZE_SHARE = np.array([0.5, 0.3, 0.15, 0.05])
SIZE_PULL = {"micro": 2, "small": 8, "medium": 40, "large": 200}
BASE = Program.JKK | Program.JKM | Program.JHT
DEMO_OVERRIDE = "Data demo: kelompok ilustratif, KBLI belum ada di tabel PP 44/2015 Lampiran I yang dirujuk"
LOOKALIKE_SHARE = 0.002


def _umk(ctx: DemoContext) -> int:
    wage = MinimumWage.objects.filter(region=ctx.region, year__lte=ctx.as_of.year).order_by("-year").first()
    return int(wage.amount) if wage else 4_000_000


def _risk(sector: DemoSector) -> dict[str, Any]:
    """The group from the KBLI table where it has one; else the demo's illustrative group, as an override."""
    entry = risk_for_kbli(sector.kbli)
    if entry is not None:
        return {"jkk_risk_group": entry.group, "jkk_risk_derived": entry.group}
    return {"jkk_risk_group": sector.risk_group, "jkk_risk_derived": None, "jkk_risk_override_reason": DEMO_OVERRIDE}


def _state_employers(ctx: DemoContext, agencies: list[Agency]) -> list[Employer]:
    rows = [
        Employer(
            region=ctx.region,
            kind="state",
            subkind="city_agency",
            name=a.name,
            agency=a,
            kbli=GOVERNMENT.kbli,
            **_risk(GOVERNMENT),
        )
        for a in agencies  # each city agency employs its non-ASN staff: a state-organiser employer
    ]
    for i, (subkind, label) in enumerate(
        [("blud", "RSUD Kota"), ("bumd", "Perusahaan Daerah Pasar"), ("bumd", "PD Pembangunan")]
    ):
        rows.append(
            Employer(
                region=ctx.region,
                kind="state",
                subkind=subkind,
                name=f"{label} {ctx.region.name} {i + 1}",
                kbli=GOVERNMENT.kbli,
                **_risk(GOVERNMENT),
            )
        )
    return rows


@demo_step("employers")
def make_employers(ctx: DemoContext) -> None:
    started, rng, region = time.perf_counter(), ctx.rng, ctx.region
    villages = list(Village.objects.filter(district__region=region).values_list("pk", flat=True))
    agencies = list(Agency.objects.filter(region=region))
    rows = _state_employers(ctx, agencies)
    private = max(30, ctx.workers // 25)
    weights = np.array([s.weight for s in SECTORS], dtype=float)
    sector_idx = rng.choice(len(SECTORS), size=private, p=weights / weights.sum())
    sizes = rng.choice(SIZES, size=private, p=SIZE_SHARE)
    kinds = rng.choice(["private", "other"], size=private, p=[0.9, 0.1])
    other_subkinds = rng.choice(["cooperative", "foundation", "association"], size=private)
    names = synthetic.business_names(private, rng)
    for i in range(private):
        sector, kind = SECTORS[sector_idx[i]], str(kinds[i])
        rows.append(
            Employer(
                region=region,
                kind=kind,
                subkind="company" if kind == "private" else str(other_subkinds[i]),
                size=str(sizes[i]),
                name=names[i],
                npp=f"{region.code.replace('.', '')}{i:06d}",
                kbli=sector.kbli,
                **_risk(sector),
                village_id=villages[i % len(villages)] if villages else None,
                agency=_responsible_agency(agencies, sector.key),
            )
        )
    Employer.objects.bulk_create(rows, batch_size=5000)
    audit_record(action="bulk_create", object_type="registry.Employer", after={"count": len(rows), "demo": True})
    ctx.made["employers"] = list(Employer.objects.filter(region=region).order_by("pk"))
    ctx.log(f"  pemberi kerja: {len(rows):,} ({time.perf_counter() - started:.1f} s)")


def _responsible_agency(agencies: list[Agency], sector_key: str) -> Agency | None:
    wanted = {
        "transport": "perhubungan",
        "construction": "perumahan",
        "health": "kesehatan",
        "education": "pendidikan",
    }.get(sector_key, "koperasi")
    return next((a for a in agencies if wanted in a.name.lower()), None)


@dataclass
class People:
    """The drawn columns of the demo's workers (numpy arrays and lists, one entry per worker)."""

    village_idx: np.ndarray
    sexes: np.ndarray
    births: np.ndarray
    names: list[str]
    phones: list[str]
    niks: list[str]


def _lookalikes(ctx: DemoContext, sexes: np.ndarray, births: np.ndarray, names: list[str], phones: list[str]) -> None:
    """Copy name, sex and birth date (or the phone) of some workers onto others: candidates for review."""
    n = len(names)
    count = max(2, int(n * LOOKALIKE_SHARE)) if n >= 10 else 0
    picks = ctx.rng.choice(n, size=2 * count, replace=False) if count else np.array([], dtype=int)
    for k in range(count):
        source, target = int(picks[2 * k]), int(picks[2 * k + 1])
        if k % 2 == 0:
            names[target], sexes[target], births[target] = names[source], sexes[source], births[source]
        elif phones[source]:
            phones[target] = phones[source]


def _one_digit_twins(ctx: DemoContext, people: People) -> None:
    """Register a few people twice, the second time with the NIK's last digit mistyped."""
    niks, taken, n = people.niks, set(people.niks), len(people.niks)
    for target in ctx.rng.choice(n, size=min(n // 2, max(1, int(n * LOOKALIKE_SHARE / 2))), replace=False):
        t, s = int(target), (int(target) + 1) % n
        twin = next((niks[s][:15] + d for d in "123456789" if niks[s][:15] + d not in taken), None)
        if twin is None or twin[12:] == "0000":
            continue
        taken.discard(niks[t])
        niks[t] = twin
        taken.add(twin)
        people.names[t], people.sexes[t], people.births[t] = people.names[s], people.sexes[s], people.births[s]
        people.village_idx[t] = people.village_idx[s]


def _draw_people(ctx: DemoContext, villages: list[tuple[int, str]]) -> People:
    rng, n = ctx.rng, ctx.workers
    village_idx = rng.integers(0, len(villages), size=n)
    sexes = rng.choice(np.array(["M", "F"]), size=n, p=[0.56, 0.44])
    births = np.datetime64(ctx.as_of) - rng.integers(18 * 365, 63 * 365, size=n).astype("timedelta64[D]")
    names = synthetic.person_names(sexes, rng)
    has_phone = rng.random(n) < 0.7
    numbers = rng.integers(1_100_000_000, 9_999_999_999, size=n)
    phones = [f"+628{int(x):010d}"[:14] if has_phone[i] else "" for i, x in enumerate(numbers)]
    _lookalikes(ctx, sexes, births, names, phones)
    kec_codes = np.array([villages[i][1] for i in village_idx])
    niks = [str(v) for v in synthetic.niks(kec_codes, births, sexes, rng)]
    people = People(village_idx, sexes, births, names, phones, niks)
    _one_digit_twins(ctx, people)
    return people


def _worker_rows(ctx: DemoContext, people: People, villages: list[tuple[int, str]]) -> Iterator[tuple[Any, ...]]:
    """Worker rows in the order of WORKER_FIELDS; NIK and phone encrypted and indexed a column at a time."""
    nik_tokens, nik_indexes = bulk.encrypt_many(people.niks), bulk.blind_indexes(people.niks)
    with_phone = [p for p in people.phones if p]
    phone = dict(zip(with_phone, zip(bulk.encrypt_many(with_phone), bulk.blind_indexes(with_phone), strict=True),
                     strict=True))  # fmt: skip
    proposals = ctx.made["plan"]["proposals"]
    now = bulk.db_datetime(timezone.now())
    consent = bulk.db_datetime(dt.datetime.combine(ctx.as_of, dt.time(9), tzinfo=dt.UTC))
    warnings = bulk.json_value(Worker, "nik_warnings")([])
    for i, nik in enumerate(people.niks):
        number = people.phones[i]
        token, index = phone.get(number, ("", ""))
        yield (
            ctx.region.pk, nik_tokens[i], nik_indexes[i], mask_nik(nik), f"{nik[:2]}.{nik[2:4]}", warnings,
            people.names[i], name_key(people.names[i]), people.births[i].astype(dt.date), str(people.sexes[i]),
            villages[people.village_idx[i]][0], "", token, index, mask_phone(number) if number else "", "", "",
            *proposals.get(i, ("", False, False, None)), consent if i in proposals else None, now, now,
        )  # fmt: skip


@demo_step("workers")
def make_workers(ctx: DemoContext) -> None:
    started = time.perf_counter()
    villages = list(Village.objects.filter(district__region=ctx.region).values_list("pk", "district__code"))
    people = _draw_people(ctx, villages)
    ctx.made["plan"] = _plan_memberships(ctx, people)
    with transaction.atomic():
        count = bulk.insert_rows(Worker, WORKER_FIELDS, _worker_rows(ctx, people, villages), defer_indexes=True)
        audit_record(action="bulk_create", object_type="registry.Worker", after={"count": count, "demo": True})
    ctx.log(f"  pekerja: {count:,} ({time.perf_counter() - started:.1f} s)")


WORKER_FIELDS = [
    "region",
    "nik_cipher",
    "nik_index",
    "nik_masked",
    "nik_regency_code",
    "nik_warnings",
    "name",
    "name_key",
    "birth_date",
    "sex",
    "village",
    "address",
    "phone_cipher",
    "phone_index",
    "phone_masked",
    "occupation",
    "kpj",
    "vulnerability_category",
    "female_head_of_household",
    "disability",
    "proposed_by_agency",
    "vulnerability_consent_at",
    "created_at",
    "updated_at",
]


def _plan_memberships(ctx: DemoContext, people: People) -> dict[str, Any]:
    """Who is paid by whom: drawn before the workers exist, so proposals go in with the worker rows."""
    rng, n = ctx.rng, ctx.workers
    vulnerable = {key for key, group in stakeholder_groups().items() if group.vulnerable}
    reach = {a: [g for g in a.stakeholder_groups if g in vulnerable] for a in Agency.objects.filter(region=ctx.region)}
    city_agencies = [a for a, groups in reach.items() if groups]
    kind = rng.choice(["pu", "bpu", "city", "sponsor", "none"], size=n, p=[0.6, 0.15, 0.12, 0.03, 0.10])
    proposals = {}
    for i in np.flatnonzero(kind == "city") if city_agencies else []:
        agency = city_agencies[int(i) % len(city_agencies)]
        proposals[int(i)] = (reach[agency][int(i) % len(reach[agency])], bool(i % 7 == 0), bool(i % 23 == 0), agency.pk)
    return {"kind": kind, "proposals": proposals, "city_agencies": city_agencies}


MEMBERSHIP_FIELDS = [
    "worker",
    "payer_kind",
    "employer",
    "sponsor_name",
    "agency",
    "segment",
    "programs",
    "wage",
    "valid_from",
    "valid_to",
    "end_reason",
    "end_note",
    "rules_version",
    "eligibility_notes",
    "created_at",
    "ended_at",
]


def _membership_row(
    ctx: DemoContext, i: int, worker_id: int, birth: dt.date, draws: dict[str, Any]
) -> tuple[Any, ...] | None:
    k = draws["kind"][i]
    if k == "none":
        return None
    start = max(ctx.as_of - dt.timedelta(days=int(draws["start_days"][i])), dt.date(2016, 1, 1))
    age = (start - birth).days // 365
    if k == "pu":
        employer = draws["employers"][draws["employer_idx"][i]]
        wage = int(round(draws["umk"] * draws["factor"].get(employer.kbli, 1.0) * draws["noise"][i], -3))
        programs = BASE | (Program.JP if age < 59 and employer.size in {"medium", "large", ""} else 0)
        programs |= Program.JKP if age < 54 and start >= dt.date(2021, 2, 2) else 0
        payer, employer_id, agency_id, segment, sponsor = "employer", employer.pk, None, "PU", ""
    else:
        wage = 1_000_000 if k in {"city", "sponsor"} else int(draws["incomes"][i])
        programs = Program.JKK | Program.JKM | (Program.JHT if k == "bpu" and i % 3 == 0 else 0)
        payer = {"bpu": "self", "city": "city_programme", "sponsor": "sponsor"}[k]
        proposal = draws["proposals"].get(i)
        employer_id, agency_id, segment = None, proposal[3] if proposal else None, "BPU"
        sponsor = "CSR Bank Daerah" if k == "sponsor" else ""
    valid_to, reason = None, ""
    if draws["ended"][i]:
        valid_to = min(ctx.as_of, start + dt.timedelta(days=int(draws["end_days"][i])))
        reason = str(draws["end_reasons"][i])
    return (
        worker_id,
        payer,
        employer_id,
        sponsor,
        agency_id,
        segment,
        int(programs),
        wage,
        start,
        valid_to,
        reason,
        "",
        RULES_VERSION,
        draws["notes"],
        draws["registered"](start),
        draws["registered"](valid_to) if valid_to else None,  # the end recorded on its day, like the start
    )


def _registered_at(ctx: DemoContext) -> Any:
    """Each membership saved on the morning it starts (never after now), as if registered then.

    A membership saved just before a billing run would look like a late registration to every later run's
    adjustment scan (``billing.run.adjust``): the whole demo would be re-examined month after month.
    """
    now = timezone.now()
    cache: dict[dt.date, Any] = {}

    def at(day: dt.date) -> Any:
        if day not in cache:
            cache[day] = bulk.db_datetime(min(now, dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)))
        return cache[day]

    return at


@demo_step("memberships")
def make_memberships(ctx: DemoContext) -> None:
    started = time.perf_counter()
    rng, n = ctx.rng, ctx.workers
    plan = ctx.made["plan"]
    employers: list[Employer] = ctx.made["employers"]
    pull = np.array([SIZE_PULL.get(e.size, 30 if e.kind == "state" else 5) for e in employers], dtype=float)
    draws = {
        **plan,
        "employers": employers,
        "umk": _umk(ctx),
        "registered": _registered_at(ctx),
        "factor": {s.kbli: s.wage_factor for s in (*SECTORS, GOVERNMENT)},
        "employer_idx": rng.choice(len(employers), size=n, p=pull / pull.sum()),
        "noise": rng.lognormal(0.05, 0.18, size=n),
        "start_days": rng.integers(30, 6 * 365, size=n),
        "ended": rng.random(n) < 0.07,
        "end_days": rng.integers(60, 900, size=n),
        "end_reasons": rng.choice(["resigned", "phk", "moved_away", "death"], size=n),
        "incomes": rng.choice([1_000_000, 1_500_000, 2_000_000, 3_000_000], size=n),
        "notes": bulk.json_value(Membership, "eligibility_notes")([]),
    }
    workers = Worker.objects.filter(region=ctx.region).order_by("pk").values_list("pk", "birth_date")
    rows = (row for i, (pk, birth) in enumerate(workers) if (row := _membership_row(ctx, i, pk, birth, draws)))
    with transaction.atomic():
        count = bulk.insert_rows(Membership, MEMBERSHIP_FIELDS, rows, defer_indexes=True)
        audit_record(action="bulk_create", object_type="registry.Membership", after={"count": count, "demo": True})
    ctx.log(f"  kepesertaan: {count:,} ({time.perf_counter() - started:.1f} s)")
    found = duplicate_scan(region=ctx.region)
    ctx.log(f"  calon duplikat: {found:,} ({time.perf_counter() - started:.1f} s with the scan)")


def summary(region: Any) -> dict[str, int]:
    return {
        "employers": Employer.objects.filter(region=region).count(),
        "workers": Worker.objects.filter(region=region).count(),
        "memberships": Membership.objects.filter(worker__region=region).count(),
    }
