"""The waiting list as pages read it: every check, the score and the rank computed by the database.

``eligibility`` assesses a whole pool in polars, which the XLSX, the planner and the services need (every row).
A page shows 50 ranked workers, the first 200 refused ones and a few counts, so here each check and the score
are SQL expressions on the pool: the database filters, sorts, counts and pages, and Candidates are built (by
``eligibility``, the same code as the whole-pool read, so the same messages and figures) for the rows shown
only. Each expression mirrors its column expression in ``ranking``; tests/programmes/test_h4_waiting_sql.py
compares the two on the same data. benchmarks/waiting_list.py measures them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from lindung.programmes.models import PRIORITY_DECILES, Criterion, Programme, ProposalRow, RowStatus, decile_points
from lindung.programmes.selectors import ranking
from lindung.programmes.selectors.eligibility import (
    OLDER_WORKER_AGE,
    Candidate,
    age_bounds,
    assess_ids,
    candidate_pool,
    vulnerable_categories,
)
from lindung.registry.models import EndReason, Membership, Worker

__all__ = ["RankedRows", "WaitingReport", "waiting_report", "waiting_rows"]
CHECKS = ranking.CHECK_COLUMNS
INELIGIBLE_SHOWN = 200


def born_by(day: dt.date, years: int) -> dt.date:
    """The last birth date of someone ``years`` old or older on ``day`` (``eligibility.age_on`` as a bound).

    On 29 February the bound in a common year is 28 February (``age_on`` compares month and day).
    """
    year = day.year - years
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February, and ``year`` is not a leap year
        return dt.date(year, 2, 28)


def _flag(condition: Q) -> Case:
    """A check as a value that is never NULL (SQL's unknown counts as failed, as ``fill_null(False)`` does)."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _conditions(programme: Programme, day: dt.date) -> dict[str, Q]:
    """Each check of ``ranking._checks`` as a condition on the annotated pool (cheap columns before subqueries)."""
    region = programme.region
    low, high = age_bounds(programme, day)
    in_region = Q(nik_regency_code=region.code) | Q(district_region=region.pk)
    return {
        "place": Q(region=region.pk) & in_region,  # "resident" but for a move away (the one pass reads it apart)
        "merged": Q(merged_into__isnull=True),
        "vulnerable": Q(vulnerability_category__in=vulnerable_categories())
        | Q(female_head_of_household=True)
        | Q(disability=True),
        "age": Q(birth_date__gt=born_by(day, high + 1), birth_date__lte=born_by(day, low)),
        "resident": Q(region=region.pk) & in_region & ~Q(departed=EndReason.MOVED_AWAY),
        "pending": Q(in_proposal=False),
        "active": Q(active=False),
        "alive": ~Q(departed=EndReason.DEATH),
    }


def _score(programme: Programme, day: dt.date) -> Any:
    """``ranking._criteria``'s score: the weights of the criteria met, the decile graded (``decile_points``)."""
    met = {
        Criterion.FEMALE_HEAD: Q(female_head_of_household=True),
        Criterion.DISABILITY: Q(disability=True),
        Criterion.OLDER_WORKER: Q(birth_date__lte=born_by(day, OLDER_WORKER_AGE)),
        Criterion.NEVER_COVERED: Q(covered_before=False),
        Criterion.PROPOSED: Q(proposed_by_agency__isnull=False),
    }
    score: Any = Value(0)
    for key, condition in met.items():
        score += Case(When(condition, then=Value(programme.weight(key))), default=Value(0))
    weight = programme.weight(Criterion.POVERTY)
    points = [When(decile=d, then=Value(decile_points(weight, d))) for d in range(1, PRIORITY_DECILES + 1)]
    return score + Case(*points, default=Value(0), output_field=IntegerField())


def checked_pool(workers: QuerySet[Worker], programme: Programme, day: dt.date) -> QuerySet[Any]:
    """The workers with ``ok_<check>``, ``eligible`` and ``score`` as columns (the same facts ``ranking._read``
    reads: an active membership, ever covered, how a membership ended, an open proposal, the decile)."""
    memberships = Membership.objects.filter(worker=OuterRef("pk"))
    current = memberships.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    ended = memberships.filter(end_reason__in=[EndReason.DEATH, EndReason.MOVED_AWAY])
    ended = ended.order_by(*ranking.LATEST_END_FIRST)  # an undated end first on both databases (see there)
    rows = ProposalRow.objects.filter(programme=programme.pk or 0, status=RowStatus.PENDING, worker=OuterRef("pk"))
    # The sorted subquery only for the few workers with such an end: the IN list is read once (a hashed subplan on
    # PostgreSQL, an index SQLite builds once), not a sort per worker.
    some_end = Membership.objects.filter(end_reason__in=[EndReason.DEATH, EndReason.MOVED_AWAY]).values("worker_id")
    facts = workers.order_by().annotate(
        departed=Case(
            When(pk__in=some_end, then=Coalesce(Subquery(ended.values("end_reason")[:1]), Value(""))),
            default=Value(""),
            output_field=CharField(),
        ),
        district_region=Coalesce(F("village__district__region_id"), Value(0)),
        active=Exists(current),
        in_proposal=Exists(rows),
        covered_before=Exists(memberships),
        decile=F("poverty_decile__decile"),
    )
    conditions = _conditions(programme, day)
    eligible = Q()
    for code in CHECKS:
        eligible &= conditions[code]
    flags = {f"ok_{code}": _flag(conditions[code]) for code in (*CHECKS, "place")}
    return facts.annotate(**flags, eligible=_flag(eligible), score=_score(programme, day))


def _one_pass(checked: QuerySet[Any], offset: int, limit: int, refused: int) -> tuple[list[int], list[int],
                                                                                     list[int]]:  # fmt: skip
    """In one statement (the pool's subqueries run once a worker): the counts, a page of the ranked ids from
    ``offset``, the first ``refused`` refused ids by name. Returns (counts: eligible then each check's failures,
    page ids, refused ids).

    The checked pool is a materialized CTE (SQLite 3.35+, PostgreSQL 12+) that three small selects read.
    """
    flags = [f"ok_{code}" for code in CHECKS]
    # How a membership ended is read once a worker (a sorted subquery): "resident" and "alive" are made from it here.
    read = ["departed", "ok_place", *(f for f in flags if f not in ("ok_resident", "ok_alive"))]
    inner, params = checked.values_list("pk", "name", "created_at", "score", *read).query.sql_with_params()
    eligible = " AND ".join(flags)
    counts = [f"SUM(CASE WHEN {eligible} THEN 1 ELSE 0 END)"] + [f"SUM(CASE WHEN {f} THEN 0 ELSE 1 END)" for f in flags]
    by_name = 'name COLLATE "C"' if connection.vendor == "postgresql" else "name"
    none = ", ".join(["CAST(NULL AS BIGINT)"] * len(flags))
    # Only constant names and Django's compiled query go into the text; every value is a parameter.
    sql = (
        f"WITH facts (id, name, created_at, score, {', '.join(read)}) AS MATERIALIZED ({inner}), "  # noqa: S608
        f"pool AS (SELECT id, name, created_at, score, {', '.join(read[2:])}, (ok_place AND departed <> %s) AS "
        "ok_resident, (departed <> %s) AS ok_alive FROM facts) "
        f"SELECT 0, CAST(NULL AS BIGINT), {', '.join(counts)} FROM pool "
        f"UNION ALL SELECT * FROM (SELECT 1, id, ROW_NUMBER() OVER (ORDER BY score DESC, created_at, id), {none} "
        f"FROM pool WHERE {eligible} ORDER BY score DESC, created_at, id LIMIT %s OFFSET %s) AS ranked "
        f"UNION ALL SELECT * FROM (SELECT 2, id, ROW_NUMBER() OVER (ORDER BY {by_name}, id), {none} "
        f"FROM pool WHERE NOT ({eligible}) ORDER BY {by_name}, id LIMIT %s) AS refused"
    )
    params = (*params, str(EndReason.MOVED_AWAY), str(EndReason.DEATH))
    with ranking._without_jit(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset, refused])
        rows = cursor.fetchall()
    totals = next(row[2:] for row in rows if row[0] == 0)
    parts: dict[int, list[tuple[int, int]]] = {1: [], 2: []}
    for row in rows:
        if row[0]:
            parts[row[0]].append((row[2], row[1]))
    return [int(n or 0) for n in totals], [i for _pos, i in sorted(parts[1])], [i for _pos, i in sorted(parts[2])]


class RankedRows(Sequence[Candidate]):
    """The eligible workers, best priority first; a slice reads its rows only, the length is one COUNT.

    ``known`` is a slice already read (its start and its Candidates), which a page of that slice takes as it is.
    The queryset is not named ``ordered``: Paginator reads that attribute as a queryset's and would run it.
    """

    def __init__(self, pool: QuerySet[Any], programme: Programme, as_of: dt.date, *, size: int | None = None,
                 known: tuple[int, list[Candidate]] = (0, [])) -> None:  # fmt: skip
        self.best_first = pool.filter(eligible=True).order_by("-score", "created_at", "pk")
        self.programme, self.as_of, self.size, self.known = programme, as_of, size, known

    def __len__(self) -> int:
        if self.size is None:
            with ranking._without_jit():
                self.size = self.best_first.count()
        return self.size

    @overload
    def __getitem__(self, index: int) -> Candidate: ...
    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...
    def __getitem__(self, index: int | slice) -> Candidate | list[Candidate]:
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else list(self)[index : index + 1 or None]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.start or 0, index.stop, index.step or 1
        if start < 0 or (stop is not None and stop < 0) or step != 1:
            return list(self)[index]
        first, read = self.known
        if start == first and stop is not None and (stop - start <= len(read) or len(read) == len(self) - first):
            return read[: stop - start]
        with ranking._without_jit():
            ids = list(self.best_first.values_list("pk", flat=True)[start:stop])
        return candidates(self.programme, ids, self.as_of)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self[0:None])


def candidates(programme: Programme, ids: list[int], as_of: dt.date) -> list[Candidate]:
    """The Candidates of ``ids`` in that order, assessed by ``eligibility`` (the whole-pool read's own code)."""
    found = assess_ids(programme=programme, worker_ids=ids, as_of=as_of)
    return [found[worker_id] for worker_id in ids]


def waiting_rows(*, programme: Programme, user: Any, as_of: dt.date, agency_id: int | None = None) -> RankedRows:
    """The waiting list the user may see (of one proposing agency's workers when given), read a slice at a time."""
    day = max(as_of, programme.start)
    workers = candidate_pool(user=user, programme=programme)
    if agency_id is not None:
        workers = workers.filter(proposed_by_agency=agency_id)
    return RankedRows(checked_pool(workers, programme, day), programme, as_of)


@dataclass(frozen=True)
class WaitingReport:
    ranked: RankedRows
    ineligible: list[Candidate]  # the first INELIGIBLE_SHOWN by name
    failing: dict[str, int]  # check code -> workers failing it (only checks someone fails)


def page_start(number: Any, per_page: int) -> int:
    """Where page ``number`` starts, as ``Paginator.get_page`` reads the number (not a number: the first page)."""
    try:
        page = int(float(number))
    except (TypeError, ValueError, OverflowError):
        page = 1
    return (max(page, 1) - 1) * per_page


def waiting_report(*, programme: Programme, user: Any, as_of: dt.date, page: Any = 1, per_page: int = 50
                   ) -> WaitingReport:  # fmt: skip
    """The waiting-list page's figures in one pass of the pool: the counts by check, the first refused by name,
    and the ranked rows of page ``page`` (another page, or a number beyond the last, is read when asked for)."""
    checked = checked_pool(candidate_pool(user=user, programme=programme), programme, max(as_of, programme.start))
    offset = page_start(page, per_page)
    totals, page_ids, refused_ids = _one_pass(checked, offset, per_page, INELIGIBLE_SHOWN)
    built = candidates(programme, page_ids + refused_ids, as_of)  # one read for both lists
    failing = {code: n for code, n in zip(CHECKS, totals[1:], strict=True) if n}
    ranked = RankedRows(checked, programme, as_of, size=totals[0], known=(offset, built[: len(page_ids)]))
    return WaitingReport(ranked, built[len(page_ids) :], failing)
