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
build, and the transaction takes the rows back with it: nothing is half-written.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Field, Model

from lindung.core.db import sqlite_page_cache
from lindung.registry import fernet_batch

CHUNK = 20_000
SLICE = 200_000
Progress = Callable[[int, int], None]


def encrypt_many(values: list[str]) -> list[str]:
    """Fernet tokens of ``values`` (same order), readable by ``crypto.decrypt``; in slices to bound memory."""
    return [token for i in range(0, len(values), SLICE) for token in fernet_batch.encrypt_many(values[i : i + SLICE])]


def decrypt_many(tokens: list[str]) -> list[str]:
    return [value for i in range(0, len(tokens), SLICE) for value in fernet_batch.decrypt_many(tokens[i : i + SLICE])]


def blind_indexes(values: Iterable[str]) -> list[str]:
    """``crypto.blind_index`` of each value (the same keyed HMAC-SHA256, with the key read once)."""
    key = settings.LINDUNG_INDEX_KEY.encode("utf-8")
    return [hmac.digest(key, v.encode("utf-8"), "sha256").hex()[:40] for v in values]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column is not None
    return field.column


def db_datetime(value: Any) -> Any:
    """A datetime in the form the database adapter would send: convert a constant once, not once per row."""
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value)


def insert_sql(model: type[Model], names: list[str]) -> str:
    """INSERT of ``names`` into ``model``'s table; identifiers come from the model, values stay parameters."""
    quote = connection.ops.quote_name
    cols = ", ".join(quote(_column(model, n)) for n in names)
    marks = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(model._meta.db_table)} ({cols}) VALUES ({marks})"  # noqa: S608


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
    rows: Iterable[tuple[Any, ...]],
    *,
    progress: Progress | None = None,
    total: int = 0,
    defer_indexes: bool = False,
) -> int:
    """Insert ``rows`` (tuples in the order of ``names``) in chunks; returns how many were written.

    ``defer_indexes``: build the table's secondary indexes once at the end (see ``indexes_deferred``) — for a
    first, large load.
    """
    if defer_indexes:
        with indexes_deferred(model):
            return insert_rows(model, names, rows, progress=progress, total=total)
    sql = insert_sql(model, names)
    done, batch = 0, []
    with sqlite_page_cache(), connection.cursor() as cursor:  # index pages stay in memory
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                done, batch = done + len(batch), []
                if progress is not None:
                    progress(done, total)
        if batch:
            cursor.executemany(sql, batch)
            done += len(batch)
    return done
