"""Eligibility of workers for a programme, and the ranked waiting list, as data the coordinator can read.

A worker qualifies when every check passes: resident of the region (by the NIK's kabupaten/kota or by the
kelurahan of the address), age within the programme's range (and the law's BPU range once the rules package
has one), no active membership (of any payer), a vulnerable group (regions/data/stakeholder_groups.yaml, or the
female-head-of-household and disability flags), no open proposal already. The priority score is the sum of
the programme's weights of the criteria the worker meets; ties go to who was registered first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.core.scoping import scoped
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import Criterion, Programme, ProposalRow, RowStatus
from lindung.regions.profile import stakeholder_groups
from lindung.registry.models import EndReason, Membership, PayerKind, Worker

OLDER_WORKER_AGE = 50
CHECKS = ("resident", "alive", "age", "active", "vulnerable", "pending", "merged")
_FIELDS = (
    "pk", "name", "nik_masked", "nik_regency_code", "region_id", "birth_date", "vulnerability_category",
    "female_head_of_household", "disability", "proposed_by_agency_id", "proposed_by_agency__name",
    "village__district_id", "village__district__name", "village__district__region_id", "merged_into_id",
    "created_at",
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    message: str = ""


@dataclass
class Candidate:
    worker_id: int
    name: str
    nik_masked: str
    district_id: int | None
    district: str
    category: str
    agency_id: int | None
    agency: str
    age: int
    registered: dt.datetime
    checks: list[Check] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    score: int = 0

    @property
    def eligible(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[str]:
        return [c.message for c in self.checks if not c.ok]

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"code": c.code, "ok": c.ok, "message": c.message} for c in self.checks]


@cache
def vulnerable_categories() -> frozenset[str]:
    return frozenset(key for key, group in stakeholder_groups().items() if group.vulnerable)


def category_label(key: str) -> str:
    group = stakeholder_groups().get(key)
    if group is None:
        return key or "–"
    return group.name_en if (get_language() or "id").startswith("en") else group.name_id


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_bounds(programme: Programme, day: dt.date) -> tuple[int, int]:
    """The programme's age range, narrowed to the law's BPU range where the rules package has one."""
    law = rules.bpu_age_range(day)
    if law is None:
        return programme.min_age, programme.max_age
    return max(programme.min_age, law[0]), min(programme.max_age, law[1])


def region_pool(programme: Programme) -> QuerySet[Worker]:
    """Every worker of the region who could join: in a vulnerable group, flagged, or proposed by an agency.

    Unscoped: for services (a replacement offer picks the next in line); pages use ``candidate_pool``.
    """
    groups = Q(vulnerability_category__in=vulnerable_categories()) | Q(female_head_of_household=True)
    groups |= Q(disability=True) | Q(proposed_by_agency__isnull=False)
    return Worker.objects.filter(groups, region=programme.region_id, merged_into__isnull=True)


def candidate_pool(*, user: Any, programme: Programme) -> QuerySet[Worker]:
    """The part of the region's pool the user may see."""
    return scoped(region_pool(programme), user)


class _Messages:
    """The refusal messages of one assessment, each translated once (thousands of rows share a few texts)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], str] = {}

    def __call__(self, key: tuple[Any, ...], build: Callable[[], str]) -> str:
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


@dataclass(frozen=True)
class _Context:
    programme: Programme
    day: dt.date
    active: dict[int, str]
    history: set[int]
    pending: set[int]
    bounds: tuple[int, int]
    departed: dict[int, str]  # worker -> "death" or "moved_away", from the end of a membership
    say: _Messages = field(default_factory=lambda: _Messages())


def _context(programme: Programme, workers: QuerySet[Worker], day: dt.date, exclude_proposal: int | None) -> _Context:
    ids = workers.values("pk")
    active: dict[int, str] = {}
    memberships = Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), worker__in=ids)
    for worker_id, payer in memberships.values_list("worker_id", "payer_kind"):
        if active.get(worker_id) != PayerKind.CITY_PROGRAMME:
            active[worker_id] = payer
    history = set(Membership.objects.filter(worker__in=ids).values_list("worker_id", flat=True))
    ended = Membership.objects.filter(worker__in=ids, end_reason__in=[EndReason.DEATH, EndReason.MOVED_AWAY])
    departed = dict(ended.order_by("valid_to").values_list("worker_id", "end_reason"))
    pending_rows = ProposalRow.objects.filter(programme=programme.pk, status=RowStatus.PENDING, worker__in=ids)
    if exclude_proposal is not None:
        pending_rows = pending_rows.exclude(proposal=exclude_proposal)
    pending = set(pending_rows.values_list("worker_id", flat=True)) if programme.pk else set()
    return _Context(programme, day, active, history, pending, age_bounds(programme, day), departed)


def _checks(row: dict[str, Any], ctx: _Context, age: int) -> list[Check]:
    region = ctx.programme.region
    departed = ctx.departed.get(row["pk"], "")
    resident = (
        departed != EndReason.MOVED_AWAY
        and row["region_id"] == region.pk
        and (row["nik_regency_code"] == region.code or row["village__district__region_id"] == region.pk)
    )
    low, high = ctx.bounds
    payer = ctx.active.get(row["pk"])
    vulnerable = row["vulnerability_category"] in vulnerable_categories()
    vulnerable = vulnerable or row["female_head_of_household"] or row["disability"]
    say = ctx.say
    return [
        Check("resident", resident, "" if resident else
              say(("resident", departed), lambda: _resident_message(departed, region.name))),
        Check("alive", departed != EndReason.DEATH, "" if departed != EndReason.DEATH else
              say(("alive",), lambda: _("Tercatat meninggal dunia (kepesertaan berakhir karena meninggal)."))),
        Check("age", low <= age <= high, "" if low <= age <= high else say(("age", age), lambda: _(
              "Usia %(age)s tahun di luar rentang %(low)s–%(high)s tahun.") % {"age": age, "low": low, "high": high})),
        Check("active", payer is None, "" if payer is None else say(("active", payer), lambda: _active_message(payer))),
        Check("vulnerable", bool(vulnerable), "" if vulnerable else
              say(("vulnerable",), lambda: _("Tidak termasuk kelompok pekerja rentan."))),
        Check("pending", row["pk"] not in ctx.pending, "" if row["pk"] not in ctx.pending else
              say(("pending",), lambda: _("Sudah diusulkan dalam usulan lain yang masih diproses."))),
        Check("merged", row["merged_into_id"] is None, "" if row["merged_into_id"] is None else
              say(("merged",), lambda: _("Data pekerja ini sudah digabung ke data lain."))),
    ]  # fmt: skip


def _resident_message(departed: str, region: str) -> str:
    if departed == EndReason.MOVED_AWAY:
        return _("Pindah domisili (kepesertaan berakhir karena pindah).")
    return _("Bukan penduduk %(region)s: NIK dan alamat (kelurahan) di luar wilayah.") % {"region": region}


def _active_message(payer: str | None) -> str:
    if payer is None:
        return ""
    if payer == PayerKind.CITY_PROGRAMME:
        return _("Sudah ditanggung program kota (kepesertaan aktif).")
    return _("Sudah aktif dalam kepesertaan lain (%(payer)s).") % {"payer": PayerKind(payer).label}


def _criteria(row: dict[str, Any], ctx: _Context, age: int) -> list[str]:
    met = {
        Criterion.FEMALE_HEAD: row["female_head_of_household"],
        Criterion.DISABILITY: row["disability"],
        Criterion.OLDER_WORKER: age >= OLDER_WORKER_AGE,
        Criterion.NEVER_COVERED: row["pk"] not in ctx.history,
        Criterion.PROPOSED: row["proposed_by_agency_id"] is not None,
    }
    return [str(key) for key, ok in met.items() if ok]


def _candidate(row: dict[str, Any], ctx: _Context) -> Candidate:
    age = age_on(row["birth_date"], ctx.day)
    criteria = _criteria(row, ctx, age)
    return Candidate(
        worker_id=row["pk"], name=row["name"], nik_masked=row["nik_masked"],
        district_id=row["village__district_id"], district=row["village__district__name"] or "–",
        category=row["vulnerability_category"], agency_id=row["proposed_by_agency_id"],
        agency=row["proposed_by_agency__name"] or "", age=age, registered=row["created_at"],
        checks=_checks(row, ctx, age), criteria=criteria,
        score=sum(ctx.programme.weight(c) for c in criteria),
    )  # fmt: skip


def assess(
    *, programme: Programme, workers: QuerySet[Worker], as_of: dt.date, exclude_proposal: int | None = None
) -> list[Candidate]:
    """Every check and the priority score of each worker, on the later of ``as_of`` and the programme's start."""
    day = max(as_of, programme.start)
    ctx = _context(programme, workers, day, exclude_proposal)
    return [_candidate(row, ctx) for row in workers.values(*_FIELDS)]


def assess_ids(*, programme: Programme, worker_ids: Iterable[int], as_of: dt.date,
               exclude_proposal: int | None = None) -> dict[int, Candidate]:  # fmt: skip
    workers = Worker.objects.filter(pk__in=list(worker_ids))
    found = assess(programme=programme, workers=workers, as_of=as_of, exclude_proposal=exclude_proposal)
    return {c.worker_id: c for c in found}


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.registered, c.worker_id))


def waiting_list(*, programme: Programme, user: Any, as_of: dt.date) -> list[Candidate]:
    """The eligible workers the user may see, best priority first: who gets the next slot."""
    found = assess(programme=programme, workers=candidate_pool(user=user, programme=programme), as_of=as_of)
    return rank(c for c in found if c.eligible)


@dataclass(frozen=True)
class EligibilityReport:
    ranked: list[Candidate]
    ineligible: list[Candidate]
    failing: dict[str, int]  # check code -> workers failing it


def eligibility_report(*, programme: Programme, user: Any, as_of: dt.date) -> EligibilityReport:
    found = assess(programme=programme, workers=candidate_pool(user=user, programme=programme), as_of=as_of)
    failing: Counter[str] = Counter(c.code for cand in found for c in cand.checks if not c.ok)
    ineligible = sorted((c for c in found if not c.eligible), key=lambda c: c.name)
    return EligibilityReport(rank(c for c in found if c.eligible), ineligible, dict(failing))
