"""Demo step of the registry: employers of the three kinds, workers spread over kecamatan, memberships.

Deterministic for a seed; fast enough for 200,000 workers: every column is drawn with numpy first, rows are
built a column at a time (no model objects, no per-row conversion of dates or constants) and go in through
``registry.bulk`` (one audit entry per table). The work that needs no database runs in a second thread while
SQLite writes, which it does without holding the GIL: the NIK and phone columns are encrypted and indexed a
slice ahead of the writer, and the duplicate scan compares the workers while the memberships are written. A few
planted look-alikes (same name and birth date, the same phone, NIKs one digit apart) give the duplicate
review something to show; the scan's pairs are recorded at the end.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain, repeat
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
from lindung.registry.demo_memberships import MEMBERSHIP_FIELDS, membership_rows, worker_births
from lindung.registry.identifiers import name_key
from lindung.registry.kbli_risk import risk_for_kbli
from lindung.registry.models import Employer, Membership, Worker
from lindung.registry.services.dedup import duplicate_scan, region_pairs_finder
from lindung.registry.services.workers import mask_phone

SIZES = np.array(["micro", "small", "medium", "large"])
SIZE_SHARE = np.array([0.5, 0.3, 0.15, 0.05])
SIZE_PULL = {"micro": 2, "small": 8, "medium": 40, "large": 200}
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


EMPLOYER_FIELDS = [
    *("region", "kind", "subkind", "size", "name", "npp", "kbli", "jkk_risk_group", "jkk_risk_derived"),
    *("jkk_risk_override_reason", "village", "agency", "nib", "npwp", "address", "contact_name", "contact_email"),
    *("contact_phone", "created_at", "updated_at", "sector"),
]
#: Padat karya industries (PP 7/2025) among the demo's sectors: the share of a sector's employers given it. The
#: draws use a generator of their own (seeded from the demo's), so the rest of the demo stays as it was.
LABOUR_INTENSIVE: dict[str, tuple[tuple[str, float], ...]] = {
    "textiles": (("textile_apparel", 0.6),),
    "manufacturing": (("food_beverage_tobacco", 0.25), ("furniture", 0.1)),
}


def _employer_row(employer: Employer, now: Any) -> tuple[Any, ...]:
    """An ``Employer`` built in memory as a row of EMPLOYER_FIELDS (blank contact and tax fields)."""
    return (
        employer.region_id, employer.kind, employer.subkind, employer.size, employer.name, employer.npp,
        employer.kbli, employer.jkk_risk_group, employer.jkk_risk_derived, employer.jkk_risk_override_reason,
        employer.village_id, employer.agency_id, "", "", "", "", "", "", now, now, "other",
    )  # fmt: skip


def _private_employers(ctx: DemoContext, agencies: list[Agency], villages: list[int]) -> Iterator[tuple[Any, ...]]:
    """Rows of the private and other employers, spread over sectors, sizes and villages."""
    rng, region, now = ctx.rng, ctx.region, bulk.db_datetime(timezone.now())
    private = max(30, ctx.workers // 25)
    weights = np.array([s.weight for s in SECTORS], dtype=float)
    sector_idx = rng.choice(len(SECTORS), size=private, p=weights / weights.sum()).tolist()
    sizes = rng.choice(SIZES, size=private, p=SIZE_SHARE).tolist()
    kinds = rng.choice(["private", "other"], size=private, p=[0.9, 0.1]).tolist()
    other_subkinds = rng.choice(["cooperative", "foundation", "association"], size=private).tolist()
    names = synthetic.business_names(private, rng)
    risks = {s.key: _risk(s) for s in SECTORS}
    responsible = {s.key: _responsible_agency(agencies, s.key) for s in SECTORS}
    prefix = region.code.replace(".", "")
    listed = _labour_intensive([SECTORS[k].key for k in sector_idx], np.random.default_rng(ctx.seed + 7_2025))
    for i in range(private):
        sector, kind = SECTORS[sector_idx[i]], kinds[i]
        risk, agency = risks[sector.key], responsible[sector.key]
        yield (
            region.pk, kind, "company" if kind == "private" else other_subkinds[i], sizes[i], names[i],
            f"{prefix}{i:06d}", sector.kbli, risk["jkk_risk_group"], risk["jkk_risk_derived"],
            risk.get("jkk_risk_override_reason", ""), villages[i % len(villages)] if villages else None,
            agency.pk if agency else None, "", "", "", "", "", "", now, now, listed[i],
        )  # fmt: skip


def _labour_intensive(keys: list[str], rng: np.random.Generator) -> list[str]:
    """Each private employer's sektor usaha: a listed padat karya industry for a few % of them, else "other"."""
    draw = rng.random(len(keys))
    out = []
    for key, x in zip(keys, draw.tolist(), strict=True):
        sector, upto = "other", 0.0
        for code, share in LABOUR_INTENSIVE.get(key, ()):
            if upto <= x < upto + share:
                sector = code
            upto += share
        out.append(sector)
    return out


@demo_step("employers")
def make_employers(ctx: DemoContext) -> None:
    started, region = time.perf_counter(), ctx.region
    villages = list(Village.objects.filter(district__region=region).values_list("pk", flat=True))
    agencies = list(Agency.objects.filter(region=region))
    now = bulk.db_datetime(timezone.now())
    state = [_employer_row(employer, now) for employer in _state_employers(ctx, agencies)]
    with transaction.atomic():
        count = bulk.insert_rows(Employer, EMPLOYER_FIELDS, chain(state, _private_employers(ctx, agencies, villages)))
        audit_record(action="bulk_create", object_type="registry.Employer", after={"count": count, "demo": True})
    ctx.made["employers"] = list(Employer.objects.filter(region=region).order_by("pk"))
    ctx.log(f"  pemberi kerja: {count:,} ({time.perf_counter() - started:.1f} s)")


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
    phones = np.where(has_phone, np.char.add("+628", numbers.astype("U10")), "").tolist()  # ten digits each
    _lookalikes(ctx, sexes, births, names, phones)
    kec_codes = np.array([code for _pk, code in villages])[village_idx]
    niks = [str(v) for v in synthetic.niks(kec_codes, births, sexes, rng)]
    people = People(village_idx, sexes, births, names, phones, niks)
    _one_digit_twins(ctx, people)
    return people


def _masked_niks(niks: list[str]) -> list[str]:
    """``mask_nik`` of the demo's 16-digit NIKs as one array operation: the middle eight digits starred."""
    if any(len(nik) != 16 for nik in niks):
        return [mask_nik(nik) for nik in niks]
    chars = np.array(niks, dtype="U16").view("U1").reshape(len(niks), 16).copy()
    chars[:, 4:12] = "*"
    return chars.view("U16").ravel().tolist()


def _name_keys(names: list[str]) -> list[str]:
    """``name_key`` of each name, computed once per distinct name (many people share a full name)."""
    keys = {name: name_key(name) for name in set(names)}
    return [keys[name] for name in names]


def _worker_rows(ctx: DemoContext, people: People, villages: list[tuple[int, str]]) -> Iterator[tuple[Any, ...]]:
    """Worker rows in the order of WORKER_FIELDS. The columns that need no database are made a slice at a time
    (NIK and phone encrypted and indexed as whole columns) in a thread, while the previous slice is written."""
    n, proposals = ctx.workers, ctx.made["plan"]["proposals"]
    now = bulk.db_datetime(timezone.now())
    consent = bulk.db_datetime(timezone.make_aware(dt.datetime.combine(ctx.as_of, dt.time())))  # never ahead of now
    fixed = {
        "region": ctx.region.pk,
        "warnings": bulk.json_value(Worker, "nik_warnings")([]),
        "births": bulk.db_dates(people.births),
        "villages": np.array([pk for pk, _code in villages], dtype=np.int64)[people.village_idx].tolist(),
        "proposals": [proposals.get(i, ("", False, False, None)) for i in range(n)],
        "consents": [consent if i in proposals else None for i in range(n)],
        "now": now,
    }
    parts = range(0, n, bulk.CHUNK)  # the writer's first chunk waits for one part only
    return bulk.made_alongside(lambda start: _worker_slice(people, fixed, start, start + bulk.CHUNK), parts)


def _worker_slice(people: People, fixed: dict[str, Any], start: int, stop: int) -> list[tuple[Any, ...]]:
    """Rows of workers ``start`` to ``stop`` (no database access: runs in ``bulk.made_alongside``'s thread)."""
    niks, phones, names = people.niks[start:stop], people.phones[start:stop], people.names[start:stop]
    n, with_phone = len(niks), [p for p in phones if p]
    phone = dict(zip(with_phone, zip(bulk.encrypt_many(with_phone), bulk.blind_indexes(with_phone), strict=True),
                     strict=True))  # fmt: skip
    phone_fields = [phone.get(number, ("", "")) for number in phones]
    columns: list[Iterable[Any]] = [
        repeat(fixed["region"], n), bulk.encrypt_many(niks), bulk.blind_indexes(niks), _masked_niks(niks),
        [f"{nik[:2]}.{nik[2:4]}" for nik in niks], repeat(fixed["warnings"], n), names, _name_keys(names),
        fixed["births"][start:stop], people.sexes[start:stop].tolist(), fixed["villages"][start:stop],
        repeat("", n), [token for token, _index in phone_fields], [index for _token, index in phone_fields],
        [mask_phone(number) if number else "" for number in phones], repeat("", n), repeat("", n),
        *zip(*fixed["proposals"][start:stop], strict=True), fixed["consents"][start:stop], repeat(fixed["now"], n),
        repeat(fixed["now"], n),
    ]  # fmt: skip
    return list(zip(*columns, strict=True))


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
    workers, births = worker_births(ctx)
    find_pairs = region_pairs_finder(ctx.region)  # the scan reads the workers now, compares them in a thread
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-scan") as pool:
        scanning = pool.submit(find_pairs)  # while the memberships are written (SQLite works without the GIL)
        with transaction.atomic():
            rows = membership_rows(ctx, draws, workers, births)
            count = bulk.insert_rows(Membership, MEMBERSHIP_FIELDS, rows, defer_indexes=True)
            audit_record(action="bulk_create", object_type="registry.Membership", after={"count": count, "demo": True})
        ctx.log(f"  kepesertaan: {count:,} ({time.perf_counter() - started:.1f} s)")
        found = duplicate_scan(region=ctx.region, found=scanning.result())
    ctx.log(f"  calon duplikat: {found:,} ({time.perf_counter() - started:.1f} s with the scan)")


def summary(region: Any) -> dict[str, int]:
    return {
        "employers": Employer.objects.filter(region=region).count(),
        "workers": Worker.objects.filter(region=region).count(),
        "memberships": Membership.objects.filter(worker__region=region).count(),
    }
