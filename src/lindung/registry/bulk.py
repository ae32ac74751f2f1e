"""Bulk helpers for whole-file imports and the demo: parallel field encryption and fast inserts.

``Fernet.encrypt`` costs about 30 µs per value, half a minute for a million NIKs; ``fernet_batch`` writes the
same tokens for a whole column in a few seconds. Inserts use one ``executemany`` per chunk — the same SQL on
SQLite and PostgreSQL — instead of building model objects.
Model signals do not fire: callers write one summary entry to the audit log.

A first load into a table (the demo's 200,000 workers) can defer the table's secondary indexes: on SQLite they
are dropped, the rows written, and the indexes built again from their own ``CREATE INDEX`` statements, all in
one transaction. Building an index sorts once; keeping six indexes of random keys (blind index, name key, ...)
up to date row by row cost about three times as much (200,000 workers and 180,000 memberships: 24 s of inserts
against about 5 s to build every index afterwards). A unique index that the new rows would break fails to
build, and the transaction takes the rows back with it: nothing is half-written. The large page cache of the
load stays on while the indexes are built: with SQLite's default 2 MB each ``CREATE INDEX`` read the new table
back through a small cache and sorted its keys in temporary files.

Each statement inserts up to ``ROWS_PER_STATEMENT`` rows (one multi-row ``VALUES``): SQLite then runs its
per-statement work (the ``AUTOINCREMENT`` counter, deferred foreign-key bookkeeping, resetting the statement)
once per thousand rows instead of once per row, about a fifth less time for the demo's 200,000 workers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from itertools import chain, islice
from typing import Any, TypeVar

import numpy as np
from django.db import connection, transaction
from django.db.models import Field, Model, QuerySet

from lindung.core import crypto
from lindung.core.db import sqlite_page_cache
from lindung.registry import fernet_batch

CHUNK = 5_000  # rows per executemany: small, so a writer fed by ``made_alongside`` starts early
ROWS_PER_STATEMENT = 1000
POSTGRESQL_MAX_PARAMS = 65_535  # the protocol's 16-bit parameter count
SLICE = 200_000
Progress = Callable[[int, int], None]
T = TypeVar("T")


def encrypt_many(values: list[str]) -> list[str]:
    """Fernet tokens of ``values`` (same order), readable by ``crypto.decrypt``; in slices to bound memory."""
    return [token for i in range(0, len(values), SLICE) for token in fernet_batch.encrypt_many(values[i : i + SLICE])]


def decrypt_many(tokens: list[str]) -> list[str]:
    return [value for i in range(0, len(tokens), SLICE) for value in fernet_batch.decrypt_many(tokens[i : i + SLICE])]


def blind_indexes(values: Iterable[str]) -> list[str]:
    """``crypto.blind_index`` of each value (the same keyed HMAC-SHA256, its key states hashed once)."""
    return crypto.blind_indexes(list(values))


def made_alongside(make: Callable[[int], list[T]], parts: Iterable[int]) -> Iterator[T]:
    """The rows of ``make(part)`` for each part, in order, the next part made in a thread while the caller writes
    the rows of the current one.

    SQLite and psycopg release the GIL while a statement runs: a thousand-row INSERT keeps one core busy in the
    database library, and the thread makes the next part (encryption, blind indexes, masks) on the other.
    ``make`` must not touch the database (connections belong to their thread).
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-rows") as pool:
        pending: Future[list[T]] | None = None
        for part in parts:
            following = pool.submit(make, part)
            if pending is not None:
                yield from pending.result()
            pending = following
        if pending is not None:
            yield from pending.result()


def columns(queryset: QuerySet[Any, Any], width: int) -> list[tuple[Any, ...]]:
    """The ``width`` columns of a ``values_list`` query, fetched in one call without per-row model machinery
    (no converters: select dates as text with ``Cast`` where a column of them is parsed at once)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column is not None
    return field.column


def db_datetime(value: Any) -> Any:
    """A datetime in the form the database adapter would send: convert a constant once, not once per row."""
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value)


def db_dates(days: np.ndarray) -> list[Any]:
    """``db_date`` of each day of a ``datetime64[D]`` array, converted as a column (SQLite stores ISO text)."""
    if connection.vendor == "sqlite":
        return list(np.datetime_as_string(days, unit="D").tolist())
    return [db_date(day) for day in days.astype(object)]


def insert_sql(model: type[Model], names: list[str], rows: int = 1) -> str:
    """INSERT of ``rows`` rows of ``names`` into ``model``'s table; identifiers come from the model, values stay
    parameters."""
    quote = connection.ops.quote_name
    cols = ", ".join(quote(_column(model, n)) for n in names)
    marks = ", ".join([f"({', '.join(['%s'] * len(names))})"] * rows)
    return f"INSERT INTO {quote(model._meta.db_table)} ({cols}) VALUES {marks}"  # noqa: S608


def rows_per_statement(columns: int) -> int:
    """Rows of ``columns`` values that one INSERT may carry: ``ROWS_PER_STATEMENT`` within the parameter limit."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    else:
        limit = POSTGRESQL_MAX_PARAMS
    return max(1, min(ROWS_PER_STATEMENT, limit // max(1, columns)))


def json_value(model: type[Model], field: str) -> Callable[[Any], Any]:
    """The database form of a JSON field's value (cached: most rows hold the same few values)."""
    found = model._meta.get_field(field)
    assert isinstance(found, Field)
    prep = found.get_db_prep_save
    cache: dict[str, Any] = {}

    def convert(value: Any) -> Any:
        key = repr(value)
        if key not in cache:
            cache[key] = prep(value, connection)
        return cache[key]

    return convert


@contextmanager
def indexes_deferred(model: type[Model]) -> Iterator[None]:
    """Write into ``model``'s table without its secondary indexes, rebuilt at the end (SQLite; one transaction).

    On PostgreSQL (whose COPY path lives in ``imports.writer``) nothing is dropped. The primary key and the
    indexes SQLite made itself for a column's UNIQUE (no ``CREATE`` statement) stay in place throughout.
    """
    if connection.vendor != "sqlite":
        yield
        return
    table = model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
            "ORDER BY name",
            [table],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        yield
        for _name, sql in indexes:
            cursor.execute(sql)


def insert_rows(
    model: type[Model],
    names: list[str],
    rows: Iterable[Sequence[Any]],
    *,
    progress: Progress | None = None,
    total: int = 0,
    defer_indexes: bool = False,
) -> int:
    """Insert ``rows`` (tuples in the order of ``names``) in chunks; returns how many were written.

    ``defer_indexes``: build the table's secondary indexes once at the end (see ``indexes_deferred``) — for a
    first, large load.
    """
    per = rows_per_statement(len(names))
    many = insert_sql(model, names, per)
    done, rows = 0, iter(rows)
    deferred = indexes_deferred(model) if defer_indexes else nullcontext()
    # index pages (and, when deferred, the rebuilt indexes' table scans and sorts) stay in memory
    with sqlite_page_cache(), deferred, connection.cursor() as cursor:
        while batch := list(islice(rows, CHUNK)):
            full = len(batch) - len(batch) % per
            if full:
                cursor.executemany(many, [tuple(chain.from_iterable(batch[i : i + per])) for i in range(0, full, per)])
            if full < len(batch):
                rest = batch[full:]
                cursor.execute(insert_sql(model, names, len(rest)), tuple(chain.from_iterable(rest)))
            done += len(batch)
            if progress is not None:
                progress(done, total)
    return done
