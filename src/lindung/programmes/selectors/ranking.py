"""Columnar eligibility: the pool read once into polars columns, every check and the score computed on columns.

One SQL read of the pool (no model instances), four small reads of what else decides (memberships, open
proposals, poverty deciles), then each check and each criterion is one column expression and the waiting list
is one sort. Candidates (the row objects pages and services read) are built only for the rows asked for, so a
page of 50 out of 50,000 costs 50 objects. benchmarks/programmes.py measures it against the row-by-row way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import polars as pl
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast

from lindung.core.models import Agency, Village
from lindung.programmes.models import (
    PRIORITY_DECILES,
    Criterion,
    Programme,
    ProposalRow,
    RowStatus,
)
from lindung.registry.models import EndReason, Membership, PayerKind, Worker

OLDER_WORKER_AGE: Final = 50
#: Frame column -> the worker field it is read from (one SQL statement).
FIELDS: Final = {
    "worker_id": "pk", "name": "name", "nik_masked": "nik_masked", "nik_regency_code": "nik_regency_code",
    "region_id": "region_id", "category": "vulnerability_category",
    "female_head": "female_head_of_household", "disability": "disability", "agency_id": "proposed_by_agency_id",
    "village_id": "village_id", "merged_into_id": "merged_into_id",
}  # fmt: skip
_DTYPES: Final[dict[str, Any]] = {
    "worker_id": pl.Int64, "name": pl.String, "nik_masked": pl.String, "nik_regency_code": pl.String,
    "region_id": pl.Int64, "category": pl.String, "female_head": pl.Boolean, "disability": pl.Boolean,
    "agency_id": pl.Int64, "village_id": pl.Int64, "merged_into_id": pl.Int64, "registered_key": pl.String,
    "payer": pl.String, "covered_before": pl.Boolean, "departed": pl.String, "in_proposal": pl.Boolean,
    "decile": pl.Int64, "decile_source": pl.String, "birth_text": pl.String, "decile_text": pl.String,
}  # fmt: skip
CHECK_COLUMNS: Final = ("resident", "alive", "age", "active", "vulnerable", "pending", "merged")
#: A worker's ended memberships, the latest end first: the first one's reason is how the worker left (died, moved
#: away). A row with an end reason but no ``valid_to`` is still open, later than any dated end (``current`` reads a
#: NULL ``valid_to`` the same way), so NULL sorts first; said explicitly because PostgreSQL puts NULL first in a
#: descending sort and SQLite last, and the two databases would name different reasons.
LATEST_END_FIRST: Final = (F("valid_to").desc(nulls_first=True), F("pk").desc())


@dataclass(frozen=True)
class Pool:
    """The assessed pool as columns: the worker's fields, ``ok_<check>`` flags, ``c_<criterion>`` flags, score."""

    frame: pl.DataFrame
    day: dt.date
    bounds: tuple[int, int]


def _fetch(query: QuerySet[Any], names: Sequence[str], casts: dict[str, Any]) -> pl.DataFrame:
    """The query's rows straight from the database cursor into polars (no model instances, no per-row casts)."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # an empty IN list: nothing to read
        rows: list[tuple[Any, ...]] = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    # Read booleans as integers (SQLite gives 0/1, PostgreSQL True/False), then cast: no schema inference. The
    # rows are turned into columns first (one zip): a Series per column is half the work of polars' row reader.
    schema = {name: pl.Int64 if casts[name] == pl.Boolean else casts[name] for name in names}
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _name in names]
    frame = pl.DataFrame(
        [pl.Series(name, column, dtype=schema[name], strict=False) for name, column in zip(names, columns, strict=True)]
    )
    return frame.with_columns(pl.col(n).cast(pl.Boolean) for n in names if casts[n] == pl.Boolean)


@contextmanager
def _without_jit() -> Iterator[None]:
    """On PostgreSQL, no JIT compilation for the statements inside (one transaction, ``SET LOCAL``).

    The pool read's correlated subqueries are costed once per candidate row, so a pool of a few thousand
    workers passes ``jit_above_cost`` and PostgreSQL spends longer compiling the query (about 65 ms on the demo
    data) than running it (about 30 ms). SQLite has nothing to switch off.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def _read(programme: Programme, workers: QuerySet[Worker], day: dt.date, exclude: int | None) -> pl.DataFrame:
    """The pool's fields and what else decides, in one read: per worker, the payer of an active membership (the
    city's own cover named first), whether ever covered, how a membership ended, an open proposal, the decile.

    The per-worker facts are correlated subqueries on indexed foreign keys, so the database joins them. Dates come
    as ISO text (cast in SQL: no per-row date objects) and are parsed on the column; the registration time stays
    text, its UTC ISO form sorting as time does.
    """
    memberships = Membership.objects.filter(worker=OuterRef("pk"))
    current = memberships.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    city = current.filter(payer_kind=PayerKind.CITY_PROGRAMME)
    payer = Case(When(Exists(city), then=Value(str(PayerKind.CITY_PROGRAMME))),
                 default=Subquery(current.values("payer_kind")[:1]))  # fmt: skip
    ended = memberships.filter(end_reason__in=[EndReason.DEATH, EndReason.MOVED_AWAY]).order_by(*LATEST_END_FIRST)
    rows = ProposalRow.objects.filter(programme=programme.pk or 0, status=RowStatus.PENDING, worker=OuterRef("pk"))
    rows = rows.exclude(proposal=exclude) if exclude is not None else rows
    extra = {
        "birth_text": Cast("birth_date", CharField()), "registered_key": Cast("created_at", CharField()),
        "payer": payer,
        "covered_before": Exists(memberships), "departed": Subquery(ended.values("end_reason")[:1]),
        "in_proposal": Exists(rows), "decile": F("poverty_decile__decile"),
        "decile_source": F("poverty_decile__source"), "decile_text": Cast("poverty_decile__as_of", CharField()),
    }  # fmt: skip
    query = workers.order_by().annotate(**extra).values_list(*FIELDS.values(), *extra)
    with _without_jit():
        frame = _fetch(query, [*FIELDS, *extra], _DTYPES)
    frame = _with_places(frame)
    return frame.with_columns(
        pl.col("birth_text").str.slice(0, 10).str.to_date("%Y-%m-%d").alias("birth_date"),
        pl.col("decile_text").str.slice(0, 10).str.to_date("%Y-%m-%d").alias("decile_as_of"),
    ).drop("birth_text", "decile_text")


def _with_places(frame: pl.DataFrame) -> pl.DataFrame:
    """Kecamatan and agency names by id from their small tables (joined here, not per row in SQL)."""
    village_ids = [int(v) for v in frame["village_id"].drop_nulls().unique()]
    places = (
        Village.objects.filter(pk__in=village_ids)
        .order_by()
        .values_list("pk", "district_id", "district__name", "district__region_id")
    )
    villages = _fetch(places, ["village_id", "district_id", "district", "district_region_id"],
                      {"village_id": pl.Int64, "district_id": pl.Int64, "district": pl.String,
                       "district_region_id": pl.Int64})  # fmt: skip
    agency_ids = [int(a) for a in frame["agency_id"].drop_nulls().unique()]
    agencies = _fetch(Agency.objects.filter(pk__in=agency_ids).order_by().values_list("pk", "name"),
                      ["agency_id", "agency"], {"agency_id": pl.Int64, "agency": pl.String})  # fmt: skip
    frame = frame.join(villages, on="village_id", how="left", maintain_order="left")
    return frame.join(agencies, on="agency_id", how="left", maintain_order="left")


def registered(key: str) -> dt.datetime:
    """The registration time back from its sort key (UTC)."""
    value = dt.datetime.fromisoformat(key if not key.endswith("+00") else key + ":00")
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _age(day: dt.date) -> pl.Expr:
    birth = pl.col("birth_date")
    not_yet = (birth.dt.month().cast(pl.Int32) * 100 + birth.dt.day().cast(pl.Int32)) > day.month * 100 + day.day
    return (day.year - birth.dt.year().cast(pl.Int32) - not_yet.cast(pl.Int32)).alias("age")


def _checks(programme: Programme, bounds: tuple[int, int], vulnerable: Iterable[str]) -> list[pl.Expr]:
    region = programme.region
    departed = pl.col("departed").fill_null("")
    in_region = (pl.col("nik_regency_code") == region.code).fill_null(False)
    in_region = in_region | (pl.col("district_region_id") == region.pk).fill_null(False)
    resident = (departed != EndReason.MOVED_AWAY) & (pl.col("region_id") == region.pk).fill_null(False) & in_region
    group = pl.col("category").is_in(list(vulnerable)).fill_null(False)
    low, high = bounds
    return [
        resident.alias("ok_resident"),
        (departed != EndReason.DEATH).alias("ok_alive"),
        pl.col("age").is_between(low, high).fill_null(False).alias("ok_age"),
        pl.col("payer").is_null().alias("ok_active"),
        (group | pl.col("female_head").fill_null(False) | pl.col("disability").fill_null(False)).alias("ok_vulnerable"),
        (~pl.col("in_proposal")).alias("ok_pending"),
        pl.col("merged_into_id").is_null().alias("ok_merged"),
    ]


def _criteria(programme: Programme) -> tuple[list[pl.Expr], pl.Expr]:
    decile = pl.col("decile")
    flags = {
        Criterion.FEMALE_HEAD: pl.col("female_head").fill_null(False),
        Criterion.DISABILITY: pl.col("disability").fill_null(False),
        Criterion.OLDER_WORKER: pl.col("age") >= OLDER_WORKER_AGE,
        Criterion.NEVER_COVERED: ~pl.col("covered_before"),
        Criterion.PROPOSED: pl.col("agency_id").is_not_null(),
        Criterion.POVERTY: decile.is_between(1, PRIORITY_DECILES).fill_null(False),
    }
    exprs = [flag.alias(f"c_{key}") for key, flag in flags.items()]
    score = pl.lit(0, dtype=pl.Int64)
    for key in flags:
        if key == Criterion.POVERTY:
            # decile_points: weight × (5 − desil) // 4 for desil 1-4
            points = (programme.weight(key) * (PRIORITY_DECILES + 1 - decile)) // PRIORITY_DECILES
            score = score + pl.when(pl.col(f"c_{key}")).then(points).otherwise(0)
        else:
            score = score + pl.col(f"c_{key}").cast(pl.Int64) * programme.weight(key)
    return exprs, score.alias("score")


def assess_pool(
    *, programme: Programme, workers: QuerySet[Worker], day: dt.date, bounds: tuple[int, int],
    vulnerable: Iterable[str], exclude_proposal: int | None = None,
) -> Pool:  # fmt: skip
    """Every check, criterion and score of the workers, as columns."""
    frame = _read(programme, workers, day, exclude_proposal).with_columns(_age(day))
    frame = frame.with_columns(_checks(programme, bounds, vulnerable))
    flags, score = _criteria(programme)
    frame = frame.with_columns(flags).with_columns(score)
    eligible = pl.all_horizontal([pl.col(f"ok_{c}") for c in CHECK_COLUMNS]).alias("eligible")
    return Pool(frame.with_columns(eligible), day, bounds)


def ranked(pool: Pool) -> pl.DataFrame:
    """The eligible rows, best priority first; ties go to who was registered first, then the lower id."""
    rows = pool.frame.filter(pl.col("eligible"))
    return rows.sort(["score", "registered_key", "worker_id"], descending=[True, False, False])


def ineligible(pool: Pool) -> pl.DataFrame:
    return pool.frame.filter(~pl.col("eligible")).sort(["name", "worker_id"])


def failing(pool: Pool) -> dict[str, int]:
    """Check code -> how many workers fail it (only checks someone fails)."""
    sums = pool.frame.select((~pl.col(f"ok_{c}")).sum().alias(c) for c in CHECK_COLUMNS).row(0, named=True)
    return {code: int(n) for code, n in sums.items() if n}
