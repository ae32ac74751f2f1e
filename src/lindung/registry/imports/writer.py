"""Write a Polars frame into a model's table in chunks: COPY on PostgreSQL, ``executemany`` on SQLite.

Whole-file imports (and any other bulk writer of the registry) build their rows as columns, then hand the frame
here. Column names are model field names; values are already in database form (text for dates and JSON,
see ``db_date_text`` / ``db_datetime_text`` / ``json_text``). PostgreSQL receives each chunk as CSV written by
Polars (``COPY … FROM STDIN (FORMAT csv)``: no Python per row; an empty string is ``""`` and a null is an empty
field, so the two stay apart); SQLite receives the chunk's row tuples. No model objects, no signals: callers
write one audit entry. The caller's transaction holds every chunk, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
from django.db import connection
from django.db.models import Field, Model

from lindung.core.db import sqlite_page_cache

CHUNK = 50_000
Progress = Callable[[int], None]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column is not None
    return field.column


def db_datetime_text(value: dt.datetime) -> str:
    """A timestamp as the database stores it (SQLite: naive UTC text; PostgreSQL: ISO with offset)."""
    if connection.vendor == "sqlite":
        return str(connection.ops.adapt_datetimefield_value(value))
    return value.isoformat()


def db_date_text(column: str) -> pl.Expr:
    """A date column as ISO text, the form both databases take (no per-value adapter call)."""
    return pl.col(column).cast(pl.String)


def json_text(column: str) -> pl.Expr:
    """A list column as JSON text (Polars encodes it, escaping included; a null list is ``[]``)."""
    wrapped = pl.struct(v=pl.col(column).fill_null([])).struct.json_encode()
    return wrapped.str.strip_prefix('{"v":').str.strip_suffix("}").alias(column)


def write_frame(model: type[Model], frame: pl.DataFrame, *, progress: Progress | None = None) -> int:
    """Insert every row of ``frame`` into ``model``'s table; ``progress`` gets the rows written so far."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(model, name)) for name in frame.columns)
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            for chunk in frame.iter_slices(CHUNK):
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                    copy.write(chunk.write_csv(include_header=False).encode("utf-8"))
                done += chunk.height
                if progress is not None:
                    progress(done)
            return done
        marks = ", ".join(["%s"] * frame.width)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names come from the model
        with sqlite_page_cache():  # index pages stay in memory
            for chunk in frame.iter_slices(CHUNK):
                cursor.executemany(sql, chunk.rows())
                done += chunk.height
                if progress is not None:
                    progress(done)
    return done
