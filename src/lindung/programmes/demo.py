"""Demo step of the programme: last year's and this year's programmes, candidates, proposals in every state.

Everything goes through the services (so the demo obeys the same rules as the pages): staff users of the
agencies, the manpower office, the finance office and the branch take the steps, each a different person.
The years follow the demo's as-of date (for 2026: the 2025 programme, closed, and the running 2026 one).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from lindung.core.db import sqlite_page_cache
from lindung.core.models import Agency, Branch, Region
from lindung.core.roles import Role
from lindung.core.services import user_create_with_role
from lindung.demo.context import DemoContext, demo_step
from lindung.programmes.models import (
    FULL_SHARE,
    DecileSource,
    FundingSource,
    PovertyDecile,
    Programme,
    Proposal,
    Step,
)
from lindung.programmes.selectors import pricing
from lindung.programmes.selectors.eligibility import ranked_ids, region_pool, vulnerable_categories
from lindung.programmes.services import (
    FundingInput,
    RowDecision,
    programme_activate,
    programme_close,
    programme_create,
    proposal_create,
    proposal_decide,
    replacements_sync,
)
from lindung.programmes.tasks import late_steps_schedule
from lindung.registry.bulk import db_date, db_datetime, insert_sql
from lindung.registry.models import Membership, Worker

CO_FUNDING = [
    FundingInput(FundingSource.CITY, 8_500),
    FundingInput(FundingSource.PROVINCE, 1_000, "Pemerintah Provinsi Sumatera Utara"),
    FundingInput(FundingSource.SPONSOR, 500, "CSR Bank Daerah"),
]


def _user(username: str, role: Role, **scope: Any) -> Any:
    """A staff account for the demo's history, not a printed login: no usable password (and no PBKDF2 hashing,
    which cost a third of this step)."""
    return user_create_with_role(username=username, password=None, role=role, **scope)


def _staff(region: Region) -> dict[str, Any]:
    manpower = Agency.objects.filter(region=region, is_manpower_office=True).first()
    finance = Agency.objects.filter(region=region, is_finance_office=True).first()
    branch = Branch.objects.filter(regions=region).first()
    return {
        "verify": _user("staf-disnaker", Role.AGENCY_OFFICER, region=region, agency=manpower),
        "budget": _user("staf-bpkad", Role.AGENCY_OFFICER, region=region, agency=finance),
        "enrol": _user("staf-bpjs", Role.BRANCH_OFFICER, branch=branch),
    }


def _proposer(agency: Agency) -> Any:
    return _user(f"staf-{agency.code}"[:150], Role.AGENCY_OFFICER, region=agency.region, agency=agency)


def _reaching_agencies(region: Region) -> list[Agency]:
    """Agencies that reach a vulnerable group, the transport office first (the demo's `dishub` login)."""
    vulnerable = vulnerable_categories()
    agencies = [a for a in Agency.objects.filter(region=region) if set(a.stakeholder_groups) & vulnerable]
    return sorted(agencies, key=lambda a: (a.code != "dishub", a.name))


@transaction.atomic
def _mark_candidates(ctx: DemoContext, agencies: list[Agency]) -> int:
    """Workers with no active membership (up to a tenth of the demo) become proposed vulnerable workers, a third
    of them for Dishub (the demo's agency login)."""
    with sqlite_page_cache():
        return _mark(ctx, agencies)


def _mark(ctx: DemoContext, agencies: list[Agency]) -> int:
    # NOT EXISTS, one index probe per worker: NOT IN built the list of every active member's id first, through
    # the date index (twice as slow).
    active = Exists(Membership.objects.filter(worker=OuterRef("pk"), valid_to__isnull=True))
    cap = max(60, ctx.workers // 10)
    idle = list(Worker.objects.filter(~active, region=ctx.region).order_by("pk").values_list("pk", "sex")[:cap])
    vulnerable = vulnerable_categories()
    groups: dict[tuple[int, str, bool, bool], list[int]] = defaultdict(list)
    for i, (pk, sex) in enumerate(idle):
        agency = agencies[0] if i % 3 == 0 else agencies[1 + i % (len(agencies) - 1)]
        categories = [g for g in agency.stakeholder_groups if g in vulnerable]
        groups[(agency.pk, categories[i % len(categories)], sex == "F" and i % 4 == 0, i % 17 == 0)].append(pk)
    # One UPDATE per distinct set of values (a few dozen), not a CASE per row: that was half of this step.
    consent = timezone.make_aware(dt.datetime.combine(ctx.as_of, dt.time()))  # the day's start: never ahead of now
    for (agency_pk, category, head, disability), pks in groups.items():
        for start in range(0, len(pks), 5000):
            Worker.objects.filter(pk__in=pks[start : start + 5000]).update(
                proposed_by_agency=agency_pk, vulnerability_category=category, female_head_of_household=head,
                disability=disability, vulnerability_consent_at=consent,
            )  # fmt: skip
    # Half of them with a DTKS decile, as a coordinator's upload would record (desil 1-10).
    data_day = dt.date(ctx.as_of.year - 1, 8, 1)
    _insert_deciles(ctx.region, [(pk, 1 + i % 10) for i, (pk, _sex) in enumerate(idle) if i % 2 == 0], data_day)
    return len(idle)


def _insert_deciles(region: Region, deciles: list[tuple[int, int]], as_of: dt.date) -> None:
    """DTKS deciles of (worker, desil) pairs, a worker's existing one kept: one ``executemany``, no model objects
    (``bulk_create`` spent a second preparing 10,000 of them)."""
    names = ["region", "worker", "decile", "source", "as_of", "uploaded_at"]
    sql = f"{insert_sql(PovertyDecile, names)} ON CONFLICT DO NOTHING"
    day, now = db_date(as_of), db_datetime(timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(region.pk, pk, decile, DecileSource.DTKS.value, day, now) for pk, decile in deciles])


def _budget(region: Region, year: int, extra_slots: int) -> int:
    """Enough for this year's members and ``extra_slots`` more for a year, rounded up to a million rupiah."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = pricing.programme_months(year, 1, 12)
    members = pricing.month_totals(pricing.city_members(region=region, start=start, end=end), months)
    cost = sum(members.costs) + extra_slots * pricing.worker_cost(1_000_000, 3, months)
    return math.ceil(cost * 1.1 / 1_000_000) * 1_000_000


def _programme(region: Region, year: int, extra_slots: int, funding: list[FundingInput]) -> Programme:
    programme = programme_create(
        region=region, year=year, name="Program perlindungan pekerja rentan", budget=_budget(region, year, extra_slots),
        programs=["JKK", "JKM"], declared_income=1_000_000, funding=funding,
    )  # fmt: skip
    return programme_activate(programme=programme)


def _pick(programme: Programme, agency: Agency, day: dt.date, n: int, taken: set[int]) -> list[int]:
    pool = region_pool(programme).filter(proposed_by_agency=agency)
    chosen = [w for w in ranked_ids(programme=programme, workers=pool, as_of=day) if w not in taken][:n]
    taken.update(chosen)
    return chosen


def _run(programme: Programme, agency: Agency, ids: list[int], day: dt.date, steps: Sequence[str],
         staff: dict[str, Any], reject_last_at: str = "") -> Proposal | None:  # fmt: skip
    """Propose ``ids`` and take ``steps``; at ``reject_last_at`` the last row is rejected with a reason."""
    if not ids:
        return None
    key = f"agency-{agency.pk}"
    if key not in staff:
        staff[key] = _proposer(agency)
    proposal = proposal_create(programme=programme, agency=agency, worker_ids=ids, created_by=staff[key],
                               today=day).proposal  # fmt: skip
    for step in steps:
        rows = list(proposal.rows.filter(status="pending").order_by("pk").values_list("pk", flat=True))
        reject_all = reject_last_at == "all" and step == steps[-1]
        decisions = [
            RowDecision(pk, approve=not (reject_all or (step == reject_last_at and pk == rows[-1])),
                        reason="Data domisili belum lengkap, lengkapi surat keterangan kelurahan.")
            for pk in rows
        ]  # fmt: skip
        proposal = proposal_decide(proposal=proposal, step=step, user=staff[step], decisions=decisions, today=day)
    return proposal


def _every_state(ctx: DemoContext, programme: Programme, agencies: list[Agency], staff: dict[str, Any]) -> None:
    early = max(programme.start, ctx.as_of - dt.timedelta(days=120))
    taken: set[int] = set()
    others = agencies[1:] or agencies
    plan = [  # agency, workers, day, steps, reject at
        (agencies[0], 4, early, [Step.VERIFY, Step.BUDGET, Step.ENROL], Step.VERIFY),
        (others[0 % len(others)], 3, ctx.as_of, [], ""),
        (others[1 % len(others)], 3, ctx.as_of, [Step.VERIFY], ""),
        (others[2 % len(others)], 2, ctx.as_of, [Step.VERIFY, Step.BUDGET], ""),
        (others[3 % len(others)], 2, ctx.as_of, [Step.VERIFY, Step.BUDGET], "all"),
        (agencies[0], 2, ctx.as_of, [], ""),
    ]
    made = [_run(programme, a, _pick(programme, a, day, n, taken), day, steps, staff, at)
            for a, n, day, steps, at in plan]  # fmt: skip
    overdue = made[-1]
    if overdue is not None:  # one proposal waits past its time limit
        Proposal.objects.filter(pk=overdue.pk).update(step_due=ctx.as_of - dt.timedelta(days=3))


@demo_step("programmes")
def make_programmes(ctx: DemoContext) -> None:
    agencies = _reaching_agencies(ctx.region)
    if len(agencies) < 2:
        ctx.log("  program rentan: dilewati (tidak ada perangkat daerah yang menjangkau pekerja rentan)")
        return
    staff = _staff(ctx.region)
    candidates = _mark_candidates(ctx, agencies)
    last_year, this_year = ctx.as_of.year - 1, ctx.as_of.year
    slots = max(20, ctx.workers // 200)
    previous = _programme(ctx.region, last_year, slots, [FundingInput(FundingSource.CITY, FULL_SHARE)])
    day = dt.date(last_year, 3, 2)
    taken: set[int] = set()
    _run(previous, agencies[0], _pick(previous, agencies[0], day, 3, taken), day,
         [Step.VERIFY, Step.BUDGET, Step.ENROL], staff)  # fmt: skip
    programme_close(programme=previous, today=ctx.as_of)
    current = _programme(ctx.region, this_year, slots, CO_FUNDING)
    _every_state(ctx, current, agencies, staff)
    offers = replacements_sync(region=ctx.region, today=ctx.as_of)
    late_steps_schedule()  # the daily late-step reminders stay queued for the task worker
    count = Proposal.objects.filter(programme__region=ctx.region).count()
    ctx.log(f"  program rentan {last_year}–{this_year}: {candidates:,} calon, {count} usulan, {offers} slot pengganti")
