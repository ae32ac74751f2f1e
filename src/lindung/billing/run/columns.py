"""Columns in and out of the database without ORM objects: binary COPY on PostgreSQL, DB-API on SQLite.

PostgreSQL's binary COPY of fixed-width, non-null integers has a fixed row size, so a chunk is parsed by
``numpy.frombuffer`` with one structured dtype and lines are written the same way: no Python object per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from django.db import connection

from lindung.billing.models import Line

I64 = npt.NDArray[np.int64]
PG_HEADER: Final = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
PG_TRAILER: Final = (-1).to_bytes(2, "big", signed=True)
PG_EPOCH: Final = dt.date(2000, 1, 1).toordinal()


@dataclass
class Inputs:
    """One chunk of memberships, as the run reads them (see ``sql.select_columns``)."""

    membership_id: I64
    account_id: I64
    segment: npt.NDArray[np.int8]
    wage: I64
    risk_group: npt.NDArray[np.int8]
    programs: npt.NDArray[np.uint8]
    birth_month: npt.NDArray[np.int32]
    funded_by: npt.NDArray[np.int8]
    sector: npt.NDArray[np.int8]  # rules' sector code: the employer's for PU, the membership's for BPU
    jp_deferral: npt.NDArray[np.int8]  # 1: PP 49/2020 JP deferral approved (PU)
    participants: npt.NDArray[np.int32]  # the employer's active PU participants, where padat karya can apply
    employer_id: I64  # 0 without one; only to count participants (not stored on the line)

    def __len__(self) -> int:
        return int(self.membership_id.shape[0])

    @property
    def counts(self) -> Any:
        """What counts participants per month for ``lines.with_participants`` (``accounts.Participants``), given
        by ``with_counts``; None where the column is already right (lines rebuilt from stored ones). Not a
        field: every field is a column."""
        return vars(self).get("_counts")

    def with_counts(self, counts: Any) -> Inputs:
        vars(self)["_counts"] = counts
        return self

    def take(self, index: npt.NDArray[np.intp]) -> Inputs:
        return Inputs(**{f.name: getattr(self, f.name)[index] for f in fields(self)}).with_counts(self.counts)


def _pg_dtype(widths: tuple[int, ...]) -> np.dtype[Any]:
    parts: list[tuple[str, str]] = [("n", ">i2")]
    for i, width in enumerate(widths):
        parts += [(f"l{i}", ">i4"), (f"v{i}", f">i{width}")]
    return np.dtype(parts)


def pg_table(raw_cursor: Any, query: str, params: dict[str, Any] | list[Any], widths: list[int]) -> I64:
    """PostgreSQL: a query's integer columns as one ``bytea`` (``string_agg`` of ``int4send``/``int8send``).

    A binary COPY TO sends one message per row, and reading 200,000 of them costs Python more than the query;
    one value of fixed-width big-endian rows is parsed by ``numpy.frombuffer`` in one go. The columns must
    never be null (a null would drop its row from the aggregate): the row count is checked.
    """
    k = len(widths)
    row = " || ".join(f"int{w}send(q.c{i})" for i, w in enumerate(widths))
    names = ", ".join(f"c{i}" for i in range(k))
    whole = f"SELECT COUNT(*), string_agg({row}, ''::bytea) FROM ({query}) AS q({names})"  # noqa: S608
    # Binary where the cursor binds on the server (the read-ahead's own connection); Django's cursors bind on
    # the client and take the bytea as hex text, which psycopg decodes in C.
    import psycopg

    raw_cursor.execute(whole, params, binary=not isinstance(raw_cursor, psycopg.ClientCursor))
    count, data = raw_cursor.fetchone()
    dtype = np.dtype([(f"v{i}", f">i{w}") for i, w in enumerate(widths)])
    table = np.frombuffer(data or b"", dtype=dtype)
    if len(table) != count:
        raise ValueError(f"{count - len(table)} rows with a null column")
    return np.stack([table[f"v{i}"].astype(np.int64) for i in range(k)], axis=1).reshape(len(table), k)


def read_table(query: str, params: dict[str, Any] | list[Any], widths: list[int]) -> npt.NDArray[np.int64]:
    """Rows of integer columns as an (n, k) int64 array: one ``bytea`` on PostgreSQL, fetchall on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return pg_table(cursor.cursor, query, params, widths)
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return np.asarray(rows, dtype=np.int64).reshape(len(rows), len(widths))


# ---- lines out ----------------------------------------------------------------------------------------------

#: (column, numpy dtype, PostgreSQL binary width); ``covers_period`` is a date (days since 2000-01-01).
LINE_LAYOUT: Final = (
    ("run_id", np.int64, 8),
    ("account_id", np.int64, 8),
    ("membership_id", np.int64, 8),
    ("kind", np.int16, 2),
    ("covers_period", np.int32, 4),
    ("refset_id", np.int64, 8),
    ("segment", np.int16, 2),
    ("risk_group", np.int16, 2),
    ("programs", np.int16, 2),
    ("funded_by", np.int16, 2),
    ("birth_month", np.int32, 4),
    ("sector", np.int16, 2),
    ("participants", np.int32, 4),
    ("jp_deferral", np.int16, 2),
    ("wage", np.int64, 8),
    ("jkk", np.int64, 8),
    ("jkm", np.int64, 8),
    ("jht_employer", np.int64, 8),
    ("jht_worker", np.int64, 8),
    ("jp_employer", np.int64, 8),
    ("jp_worker", np.int64, 8),
    ("jkp_government", np.int64, 8),
    ("total", np.int64, 8),
)
LINE_COLUMNS: Final = tuple(name for name, _t, _w in LINE_LAYOUT)


def pg_day(day: dt.date) -> int:
    return day.toordinal() - PG_EPOCH


@lru_cache(maxsize=1)
def _line_row() -> npt.NDArray[Any]:
    """One binary COPY row of ``LINE_LAYOUT`` with its field count and widths filled in, values 0."""
    row = np.zeros(1, dtype=_pg_dtype(tuple(width for _n, _t, width in LINE_LAYOUT)))
    row["n"] = len(LINE_LAYOUT)
    for i, (_name, _t, width) in enumerate(LINE_LAYOUT):
        row[f"l{i}"] = width
    return row


def lines_to_copy(columns: dict[str, npt.NDArray[Any]]) -> memoryview:
    """The binary COPY FROM payload of line columns (``covers_period`` as PostgreSQL day numbers).

    Built in one buffer: the rows are a structured view into it between the header and the trailer, filled by
    ``fill_rows`` from one row that holds the field count and widths (assigning those per field costs four
    times the values) and the value columns.
    """
    n = len(columns["membership_id"])
    row = _line_row()
    width, head = row.dtype.itemsize, len(PG_HEADER)
    buffer = np.empty(head + n * width + len(PG_TRAILER), dtype=np.uint8)
    buffer[:head] = np.frombuffer(PG_HEADER, dtype=np.uint8)
    buffer[head + n * width :] = np.frombuffer(PG_TRAILER, dtype=np.uint8)
    table = buffer[head : head + n * width].view(row.dtype)
    fill_rows(table, row, [(f"v{i}", columns[name]) for i, (name, _t, _w) in enumerate(LINE_LAYOUT)])
    return buffer.data


#: Rows ``fill_rows`` writes at a time: a block of the widest rows (lines, 224 bytes) stays in a 1 MB L2 cache.
FILL_BLOCK: Final = 4096


def fill_rows(table: npt.NDArray[Any], row: npt.NDArray[Any], values: list[tuple[str, Any]]) -> None:
    """Fill ``table`` (contiguous structured rows) with ``row``'s bytes, then each ``(field, column)`` of
    ``values``, a block of rows at a time.

    Assigning one field of every row writes one value per row across the whole buffer, so each of the 23
    fields of a line swept all of a chunk's 45 MB through the cache again, and assigning a structured row to
    every row goes field by field too: a block of rows at a time, every field of it is written while its
    cache lines are in the L2 cache, and the constant row goes in as bytes. 200,000 lines: 0.025 s, against
    0.18 s assigning the row and then each column whole (one process, best of 7).
    """
    n = len(table)
    raw = table.view(np.uint8).reshape(n, table.dtype.itemsize)
    template = row.view(np.uint8).reshape(-1)
    for start in range(0, n, FILL_BLOCK):
        stop = min(n, start + FILL_BLOCK)
        raw[start:stop] = template
        block = table[start:stop]
        for name, column in values:
            block[name] = column[start:stop]


def write_lines(
    columns: dict[str, npt.NDArray[Any]],
    table: str | None = None,
    payload: memoryview | None = None,
    freeze: bool = False,
) -> int:
    """Append line rows (columns as ``LINE_LAYOUT``; ``covers_period`` in PostgreSQL day numbers); on PostgreSQL
    ``payload`` is their ``lines_to_copy``, when already made; ``freeze``: COPY … FREEZE (a table created in the
    same transaction)."""
    n = len(columns["membership_id"])
    if n == 0:
        return 0
    target = table or Line._meta.db_table
    names = ", ".join(LINE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            options = "FORMAT BINARY, FREEZE" if freeze else "FORMAT BINARY"
            with cursor.cursor.copy(f"COPY {target} ({names}) FROM STDIN ({options})") as copy:
                copy.write(lines_to_copy(columns) if payload is None else payload)
            return n
        marks, values = _sqlite_values(columns)
        sqlite_insert_rows(cursor, f"INSERT INTO {target} ({names}) VALUES", marks, values)
    return n


#: SQLite: rows per INSERT statement, and the bound values a statement may carry (SQLite before 3.32: 999).
ROWS_PER_INSERT: Final = 64
MAX_BOUND: Final = 999


def sqlite_insert_rows(cursor: Any, insert: str, marks: str, values: npt.NDArray[Any]) -> None:
    """SQLite: ``values`` (one row of bound values per table row) as multi-row INSERTs of up to ``ROWS_PER_INSERT``.

    Python's sqlite3 pays per statement executed (binding, stepping and resetting from Python) about what SQLite
    pays to store the row: one statement per 64 rows writes a 200,000-worker month's lines in 0.8 s of CPU
    instead of 1.3 s. The values are handed over as flat lists cut from one array, no tuple built per row.
    ``marks`` is one row's ``(…)``: its literals and one ``%s`` per column of ``values``.
    """
    n, width = values.shape
    per = max(1, min(ROWS_PER_INSERT, MAX_BOUND // max(width, 1)))
    whole = n - n % per
    if whole:
        cursor.executemany(f"{insert} {', '.join([marks] * per)}", values[:whole].reshape(-1, per * width).tolist())
    if whole < n:
        cursor.execute(f"{insert} {', '.join([marks] * (n - whole))}", values[whole:].ravel().tolist())


def _sqlite_literal(name: str, value: int) -> str:
    if name == "covers_period":
        return "'" + dt.date.fromordinal(value + PG_EPOCH).isoformat() + "'"
    return str(value)


def _sqlite_values(columns: dict[str, npt.NDArray[Any]]) -> tuple[str, npt.NDArray[Any]]:
    """SQLite: one row's ``(…)`` and the bound values; a column with one value for the whole batch (run, kind,
    month covered, reference set of a chunk) is written as a literal, as binding a value costs more than storing
    it. The account is always bound, so every row has at least one value."""
    marks, bound = [], []
    for name in LINE_COLUMNS:
        column = columns[name]
        if name != "account_id" and len(column) > 1 and not np.any(column != column[0]):
            marks.append(_sqlite_literal(name, int(column[0])))  # an integer from numpy, never user input
        elif name == "covers_period":
            days, inverse = np.unique(column, return_inverse=True)
            iso = np.asarray([_sqlite_literal(name, int(d))[1:-1] for d in days], dtype=object)
            marks.append("%s")
            bound.append(iso[inverse])
        else:
            marks.append("%s")
            bound.append(np.asarray(column, dtype=np.int64))
    # Integers stay an int64 array (``tolist`` gives Python ints); a column of dates makes it an object array.
    kind = np.int64 if all(b.dtype == np.int64 for b in bound) else object
    values = np.empty((len(columns["membership_id"]), len(bound)), dtype=kind)
    for i, column in enumerate(bound):
        values[:, i] = column
    return f"({', '.join(marks)})", values
