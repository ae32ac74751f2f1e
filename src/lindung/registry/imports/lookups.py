"""What validation needs from the database and the rules, fetched once per distinct value, never per row."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

import polars as pl
from django.db import connection

from lindung.core import crypto
from lindung.core.models import Region, Village
from lindung.core.scoping import scoped
from lindung.regions.phone import PhoneCheck, check_phone
from lindung.regions.profile import stakeholder_groups
from lindung.registry import rules_adapter as rules
from lindung.registry.models import Employer, Membership, Program, Worker

JP, JKP = Program.JP.value, Program.JKP.value


def _max_params() -> int:
    """Parameters one query may carry: SQLite's compiled limit (Django assumes the old 999), else 10,000."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        getlimit = getattr(raw, "getlimit", None)
        return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)) if getlimit else 999
    return 65_535


def chunks(values: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    """Slices small enough for one ``IN (...)`` on this database, and not so small that round trips dominate."""
    size = size or max(1, min(10_000, _max_params() - 10))
    for start in range(0, len(values), size):
        yield values[start : start + size]


def blind_indexes(niks: Iterable[str]) -> dict[str, str]:
    unique = list(set(niks))
    return dict(zip(unique, crypto.blind_indexes(unique), strict=True))


def _select_in(select: str, column: str, values: list[Any], extra: str = "") -> list[tuple[Any, ...]]:
    """``SELECT … WHERE column IN (…)`` in chunks, as plain SQL: the ORM prepares every parameter one by one,
    which costs seconds for a million NIKs. ``select`` and ``column`` are fixed strings of this module.
    PostgreSQL gets one array parameter per chunk (``= ANY(%s)``): a list of 10,000 placeholders costs more to
    parse and plan than to run."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for part in chunks(values, 100_000):
                cursor.execute(f"{select} WHERE {column} = ANY(%s){extra}", [part])
                rows.extend(cursor.fetchall())
            return rows
        for part in chunks(values):
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"{select} WHERE {column} IN ({marks}){extra}", part)
            rows.extend(cursor.fetchall())
    return rows


def existing_workers(indexes: list[str]) -> pl.DataFrame:
    """Workers already registered under these blind indexes: nik_index, worker_id, birth date, sex."""
    table = connection.ops.quote_name(Worker._meta.db_table)
    rows = _select_in(f"SELECT nik_index, id, CAST(birth_date AS TEXT), sex FROM {table}", "nik_index", indexes)  # noqa: S608
    schema = {"nik_index": pl.String, "worker_id": pl.Int64, "known_birth": pl.String, "known_sex": pl.String}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns(pl.col("known_birth").str.slice(0, 10).str.to_date("%Y-%m-%d"))


def active_pairs(worker_ids: list[int]) -> pl.DataFrame:
    """(worker_id, employer_id) of active memberships of these workers."""
    table = connection.ops.quote_name(Membership._meta.db_table)
    rows = _select_in(f"SELECT worker_id, employer_id FROM {table}", "worker_id", worker_ids, " AND valid_to IS NULL")  # noqa: S608
    return pl.DataFrame(rows, schema={"worker_id": pl.Int64, "employer_id": pl.Int64}, orient="row")


def employers_by_npp(user: Any, npps: list[str]) -> dict[str, tuple[int, str]]:
    """NPP -> (employer id, size) for the employers of ``npps`` inside the user's scope."""
    found: dict[str, tuple[int, str]] = {}
    for part in chunks(npps):
        for pk, npp, size in scoped(Employer.objects.filter(npp__in=part), user).values_list("pk", "npp", "size"):
            found[npp] = (pk, size)
    return found


def villages(region: Region) -> dict[str, object]:
    """Folded kelurahan code (dotted and plain) and unique name -> village id."""
    mapping: dict[str, object] = {}
    names: dict[str, list[int]] = {}
    for pk, code, name in Village.objects.filter(district__region=region).values_list("pk", "code", "name"):
        mapping[code.lower()] = pk
        mapping[code.replace(".", "")] = pk
        names.setdefault(" ".join(name.lower().split()), []).append(pk)
    mapping.update({name: ids[0] for name, ids in names.items() if len(ids) == 1})
    return mapping


def categories() -> dict[str, object]:
    """Vulnerability category key or Indonesian name (folded) -> key."""
    mapping: dict[str, object] = {}
    for key, group in stakeholder_groups().items():
        mapping[key.lower()] = key
        mapping[" ".join(group.name_id.lower().split())] = key
    return mapping


_PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
SUBSCRIBER_DIGITS = 6


def _issue_code(result: PhoneCheck) -> str | None:
    issue = result.errors[0] if result.errors else (result.warnings[0] if result.warnings else None)
    return issue.code.value if issue else None


def _phone_result(value: str, memo: dict[str, tuple[str, PhoneCheck]]) -> tuple[str | None, str | None]:
    """(E.164, issue code) of one cell. A number's validity, kind and warnings depend on its prefix and
    length, not on its last digits (``regions.phone`` via lokal-id: operator prefix, length, digits only), so
    numbers that differ only in their last six digits share one check; the E.164 form keeps their own
    digits. Only a valid verdict is shared: an invalid one can depend on the last digits (``+620000002`` is too
    short once the zeros after +62 are dropped, ``+620012345`` is malformed), so an invalid cell is checked on its
    own. A property test holds this equal to ``check_phone`` cell by cell."""
    cleaned = _PHONE_SEPARATORS.sub("", value)
    tail = cleaned[-SUBSCRIBER_DIGITS:]
    if len(cleaned) >= 10 and tail.isdigit():
        key = f"{len(cleaned)}:{cleaned[:-SUBSCRIBER_DIGITS]}"
        if key not in memo:
            memo[key] = (tail, check_phone(cleaned))
        seen_tail, result = memo[key]
        if result.e164 is None:
            return None, _issue_code(result if tail == seen_tail else check_phone(cleaned))
        if result.e164.endswith(seen_tail):
            return result.e164[:-SUBSCRIBER_DIGITS] + tail, _issue_code(result)
    result = check_phone(value)
    return result.e164, _issue_code(result)


def phones(values: list[str]) -> pl.DataFrame:
    """Each distinct phone cell checked: E.164, masked form, blind index, issue code.

    Cells whose last six characters are digits are grouped by length and the rest; one cell per group goes
    through ``check_phone`` and the others take its verdict with their own last digits (see ``_phone_result``).
    """
    frame = pl.DataFrame({"phone": values}, schema={"phone": pl.String})
    cleaned = pl.col("phone").str.replace_all(r"[\s().\-/]", "")
    frame = frame.with_columns(
        cleaned.str.slice(-SUBSCRIBER_DIGITS).alias("tail"),
        pl.format("{}:{}", cleaned.str.len_chars(), cleaned.str.head(-SUBSCRIBER_DIGITS)).alias("key"),
        ((cleaned.str.len_chars() >= 10) & cleaned.str.slice(-SUBSCRIBER_DIGITS).str.contains(r"^\d+$")).alias(
            "shared"
        ),
    )
    memo: dict[str, tuple[str, PhoneCheck]] = {}
    firsts = frame.filter("shared").unique("key", keep="first", maintain_order=True)
    verdicts = []
    for value, key in firsts.select("phone", "key").iter_rows():
        found, issue = _phone_result(value, memo)
        tail = _PHONE_SEPARATORS.sub("", value)[-SUBSCRIBER_DIGITS:]
        prefix = found[:-SUBSCRIBER_DIGITS] if found and found.endswith(tail) else None
        verdicts.append((key, prefix, issue, found is None or prefix is None))  # alone: checked cell by cell
    schema = {"key": pl.String, "prefix": pl.String, "code": pl.String, "alone": pl.Boolean}
    frame = frame.join(pl.DataFrame(verdicts, schema=schema, orient="row"), on="key", how="left", maintain_order="left")
    alone = frame.filter(~pl.col("shared") | pl.col("alone").fill_null(False))["phone"].to_list()
    single = {value: _phone_result(value, {}) for value in alone}
    e164 = pl.when(pl.col("shared") & ~pl.col("alone")).then(pl.concat_str("prefix", "tail"))
    code = pl.when(pl.col("shared") & ~pl.col("alone")).then(pl.col("code"))
    frame = frame.with_columns(
        pl.coalesce(
            e164,
            pl.col("phone").replace_strict({k: v[0] for k, v in single.items()}, default=None, return_dtype=pl.String),
        ).alias("phone_e164"),
        pl.coalesce(
            code,
            pl.col("phone").replace_strict({k: v[1] for k, v in single.items()}, default=None, return_dtype=pl.String),
        ).alias("c_phone"),
    )
    masked = pl.concat_str(pl.col("phone_e164").str.head(5), pl.lit("****"), pl.col("phone_e164").str.tail(3))
    frame = frame.with_columns(pl.when(pl.col("phone_e164").is_not_null()).then(masked).alias("phone_masked"))
    valid = frame["phone_e164"].drop_nulls().to_list()
    index = pl.DataFrame(
        [valid, crypto.blind_indexes(valid)], schema={"phone_e164": pl.String, "phone_index": pl.String}
    )
    frame = frame.join(index.unique("phone_e164"), on="phone_e164", how="left", maintain_order="left")
    return frame.select("phone", "phone_e164", "phone_masked", "c_phone", "phone_index")


def program_rules(frame: pl.DataFrame) -> pl.DataFrame:
    """Per distinct (employer, start date): the required programmes (mask, reference) and the PU programmes
    allowed; null required mask where the rules give none (an employer without a size)."""
    rows = []
    for employer_id, size, day in frame.select("employer_id", "employer_size", "valid_from").unique().iter_rows():
        required, reference = rules.required_programs(size or "", day)
        allowed = rules.programs_allowed("PU", day)
        rows.append((employer_id, day, _mask(required) if required is not None else None, reference, _mask(allowed)))
    schema = {
        "employer_id": pl.Int64,
        "valid_from": pl.Date,
        "required_mask": pl.Int64,
        "required_ref": pl.String,
        "allowed_mask": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def age_rules(frame: pl.DataFrame) -> pl.DataFrame:
    """Per distinct (birth date, start date): may the worker join JP and JKP, why, and the reference; and
    whether UU 13/2003 lets a child of that age work at all (``child_*``)."""
    pairs = list(frame.select("birth_date", "valid_from").unique().iter_rows())
    jp_answers = rules.can_join_jp_many(pairs)
    child_answers = rules.pu_child_work_many(pairs)
    rows = []
    for birth, day in pairs:
        jp, jkp, child = jp_answers[(birth, day)], rules.can_join_jkp(birth, day), child_answers[(birth, day)]
        child_cells = (
            (None, None, None, None, None)
            if child is None or child.verdict == "adult"
            else (child.verdict, child.age, child.youngest, child.reference, child.articles)
        )
        jp_cells = (jp.ok, jp.reason, jp.reference, jp.reason_code, jp.values.get("last_month"))
        jkp_cells = (
            jkp.ok,
            jkp.reason,
            jkp.reference,
            jkp.reason_code,
            jkp.values.get("age"),
            jkp.values.get("max_age"),
        )
        rows.append((birth, day, *jp_cells, *jkp_cells, *child_cells))
    schema = {
        "birth_date": pl.Date,
        "valid_from": pl.Date,
        "jp_ok": pl.Boolean,
        "jp_reason": pl.String,
        "jp_ref": pl.String,
        "jp_code": pl.String,  # the reason's code and values, worded in the reader's language when shown
        "jp_last_month": pl.String,
        "jkp_ok": pl.Boolean,
        "jkp_reason": pl.String,
        "jkp_ref": pl.String,
        "jkp_code": pl.String,
        "jkp_age": pl.Int64,
        "jkp_max_age": pl.Int64,
        "child_verdict": pl.String,  # too_young (an error) or exception (a warning); null for an adult
        "child_age": pl.Int64,
        "child_youngest": pl.Int64,
        "child_ref": pl.String,
        "child_articles": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _mask(programs: frozenset[str]) -> int:
    return sum(Program[p].value for p in programs)
