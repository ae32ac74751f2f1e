"""Eligibility of workers for a programme, and the ranked waiting list, as data the coordinator can read.

A worker qualifies when every check passes: resident of the region (by the NIK's kabupaten/kota or by the
kelurahan of the address), age within the law's BPU registration range (``bpu.registration_age``; a
programme's own bounds can only narrow it, as a city's policy), no active membership (of any payer), a
vulnerable group (regions/data/stakeholder_groups.yaml, or the female-head-of-household and disability flags),
no open proposal already. The priority score is the sum of the programme's weights of the criteria the worker
meets (the poverty decile, where known, graded: desil 1 the full weight down to desil 4 a quarter); ties go to
who was registered first. The work is done on columns (``ranking``); Candidates are built only for the rows
read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, overload

import polars as pl
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.core.scoping import scoped
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import Criterion, Programme
from lindung.programmes.selectors import ranking
from lindung.programmes.selectors.ranking import OLDER_WORKER_AGE
from lindung.regions.profile import stakeholder_groups
from lindung.registry.models import EndReason, PayerKind, Worker

__all__ = ["OLDER_WORKER_AGE", "Candidate", "CandidateList", "assess", "assess_ids", "waiting_list"]
CHECKS = ranking.CHECK_COLUMNS


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
    decile: int | None = None  # poverty decile where known (DTKS/P3KE), with its source and date
    decile_source: str = ""
    decile_as_of: dt.date | None = None

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
    """The law's BPU registration age range, narrowed by the programme's own bounds (never widened by them)."""
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


def _message(code: str, row: dict[str, Any], region: str, bounds: tuple[int, int], say: _Messages) -> str:
    departed, payer, age = row["departed"] or "", row["payer"], row["age"]
    builders: dict[str, tuple[tuple[Any, ...], Callable[[], str]]] = {
        "resident": (("resident", departed), lambda: _resident_message(departed, region)),
        "alive": (("alive",), lambda: _("Tercatat meninggal dunia (kepesertaan berakhir karena meninggal).")),
        "age": (("age", age), lambda: _("Usia %(age)s tahun di luar rentang %(low)s–%(high)s tahun.")
                % {"age": age, "low": bounds[0], "high": bounds[1]}),
        "active": (("active", payer), lambda: _active_message(payer)),
        "vulnerable": (("vulnerable",), lambda: _("Tidak termasuk kelompok pekerja rentan.")),
        "pending": (("pending",), lambda: _("Sudah diusulkan dalam usulan lain yang masih diproses.")),
        "merged": (("merged",), lambda: _("Data pekerja ini sudah digabung ke data lain.")),
    }  # fmt: skip
    key, build = builders[code]
    return say(key, build)


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


class CandidateList(Sequence[Candidate]):
    """Ranked (or listed) rows of an assessment; a Candidate is built only when a row is read."""

    def __init__(self, frame: pl.DataFrame, pool: ranking.Pool, programme: Programme, say: _Messages) -> None:
        self.frame, self.pool, self.programme, self.say = frame, pool, programme, say

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, index: int) -> Candidate: ...
    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...
    def __getitem__(self, index: int | slice) -> Candidate | list[Candidate]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.frame.height)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._build(self.frame.slice(start, max(stop - start, 0)))
        if index < 0:
            index += self.frame.height
        if not 0 <= index < self.frame.height:
            raise IndexError(index)
        return self._build(self.frame.slice(index, 1))[0]

    def __iter__(self) -> Iterator[Candidate]:
        for start in range(0, self.frame.height, 2_000):
            yield from self._build(self.frame.slice(start, 2_000))

    def worker_ids(self) -> list[int]:
        return [int(w) for w in self.frame["worker_id"]]

    def _build(self, rows: pl.DataFrame) -> list[Candidate]:
        region, bounds = self.programme.region.name, self.pool.bounds
        out = []
        for row in rows.iter_rows(named=True):
            checks = [
                Check(code, ok, "" if ok else _message(code, row, region, bounds, self.say))
                for code, ok in ((code, row[f"ok_{code}"]) for code in CHECKS)
            ]
            out.append(Candidate(
                worker_id=row["worker_id"], name=row["name"], nik_masked=row["nik_masked"],
                district_id=row["district_id"], district=row["district"] or "–", category=row["category"],
                agency_id=row["agency_id"], agency=row["agency"] or "", age=row["age"],
                registered=ranking.registered(row["registered_key"]), checks=checks,
                criteria=[str(c) for c in Criterion if row[f"c_{c}"]], score=row["score"],
                decile=row["decile"], decile_source=row["decile_source"] or "", decile_as_of=row["decile_as_of"],
            ))  # fmt: skip
        return out


@dataclass(frozen=True)
class Assessment:
    """One columnar assessment of a pool, read as candidate lists."""

    programme: Programme
    pool: ranking.Pool
    say: _Messages = field(default_factory=lambda: _Messages())

    def all(self) -> CandidateList:
        return CandidateList(self.pool.frame, self.pool, self.programme, self.say)

    def ranked(self) -> CandidateList:
        return CandidateList(ranking.ranked(self.pool), self.pool, self.programme, self.say)

    def ineligible(self) -> CandidateList:
        return CandidateList(ranking.ineligible(self.pool), self.pool, self.programme, self.say)


def assessment(
    *, programme: Programme, workers: QuerySet[Worker], as_of: dt.date, exclude_proposal: int | None = None
) -> Assessment:
    """Assess the workers on the later of ``as_of`` and the programme's start, as columns."""
    day = max(as_of, programme.start)
    pool = ranking.assess_pool(programme=programme, workers=workers, day=day, bounds=age_bounds(programme, day),
                               vulnerable=vulnerable_categories(), exclude_proposal=exclude_proposal)  # fmt: skip
    return Assessment(programme, pool)


def assess(
    *, programme: Programme, workers: QuerySet[Worker], as_of: dt.date, exclude_proposal: int | None = None
) -> list[Candidate]:
    """Every check and the priority score of each worker, on the later of ``as_of`` and the programme's start."""
    return list(assessment(programme=programme, workers=workers, as_of=as_of, exclude_proposal=exclude_proposal).all())


def assess_ids(*, programme: Programme, worker_ids: Iterable[int], as_of: dt.date,
               exclude_proposal: int | None = None) -> dict[int, Candidate]:  # fmt: skip
    workers = Worker.objects.filter(pk__in=list(worker_ids))
    found = assess(programme=programme, workers=workers, as_of=as_of, exclude_proposal=exclude_proposal)
    return {c.worker_id: c for c in found}


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.score, c.registered, c.worker_id))


def ranked_ids(*, programme: Programme, workers: QuerySet[Worker], as_of: dt.date) -> list[int]:
    """The eligible workers' ids, best priority first (no Candidate built: for services that only pick)."""
    return assessment(programme=programme, workers=workers, as_of=as_of).ranked().worker_ids()


def waiting_list(*, programme: Programme, user: Any, as_of: dt.date) -> CandidateList:
    """The eligible workers the user may see, best priority first: who gets the next slot."""
    return assessment(programme=programme, workers=candidate_pool(user=user, programme=programme), as_of=as_of).ranked()


@dataclass(frozen=True)
class EligibilityReport:
    ranked: CandidateList
    ineligible: CandidateList  # by name
    failing: dict[str, int]  # check code -> workers failing it


def eligibility_report(*, programme: Programme, user: Any, as_of: dt.date) -> EligibilityReport:
    found = assessment(programme=programme, workers=candidate_pool(user=user, programme=programme), as_of=as_of)
    return EligibilityReport(found.ranked(), found.ineligible(), ranking.failing(found.pool))
