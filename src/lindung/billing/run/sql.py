"""The SQL of the billing run, for SQLite and PostgreSQL: read memberships as columns, issue invoices.

Statements are assembled from this module's constants (table names, column expressions) and integers from
the database only; every value from outside is a bound parameter. Hence the file-wide S608 exemption.
"""

# ruff: noqa: S608
from __future__ import annotations

from django.db import connection

from lindung.billing.models import BillingAccount
from lindung.registry.models import Employer, Membership, Worker

M, W, E = Membership._meta.db_table, Worker._meta.db_table, Employer._meta.db_table
A = BillingAccount._meta.db_table

ACTIVE = "m.valid_from <= %(last_day)s AND (m.valid_to IS NULL OR m.valid_to >= %(first_day)s)"
BILLED_SEGMENTS = "m.segment IN ('PU', 'BPU')"


def _birth_month() -> str:
    if connection.vendor == "postgresql":
        return "(EXTRACT(YEAR FROM w.birth_date)::int4 * 12 + EXTRACT(MONTH FROM w.birth_date)::int4 - 1)"
    return "(CAST(strftime('%%Y', w.birth_date) AS INTEGER) * 12 + CAST(strftime('%%m', w.birth_date) AS INTEGER) - 1)"


def tune_transaction() -> None:
    """PostgreSQL: no JIT (it costs more than it saves on these queries) and room to hash a chunk."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")


def _cast(expr: str, kind: str) -> str:
    # Binary COPY needs exact column types; SQLite ignores the difference.
    return f"({expr})::{kind}" if connection.vendor == "postgresql" else expr


JOINS = f"FROM {M} m JOIN {W} w ON w.id = m.worker_id LEFT JOIN {E} e ON e.id = m.employer_id "
PAYER_CODE = "CASE m.payer_kind WHEN 'employer' THEN 0 WHEN 'self' THEN 1 WHEN 'city_programme' THEN 2 ELSE 3 END"


def _days(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"({expr} - DATE '2000-01-01')"
    return f"CAST(julianday({expr}) - julianday('2000-01-01') AS INTEGER)"


#: (expression, PostgreSQL binary width) of every column the run reads; all integers, never null.
def columns() -> list[tuple[str, int]]:
    return [
        ("m.id", 8),
        (PAYER_CODE, 4),
        ("COALESCE(m.employer_id, 0)", 8),
        ("m.worker_id", 8),
        ("w.region_id", 8),
        ("COALESCE(e.region_id, 0)", 8),
        ("CASE WHEN m.segment = 'PU' THEN 0 ELSE 1 END", 4),
        ("m.wage", 8),
        ("COALESCE(e.jkk_risk_group, 0)", 4),
        ("m.programs", 4),
        (_birth_month(), 4),
    ]


def validity_columns() -> list[tuple[str, int]]:
    """valid_from and valid_to as day numbers (2000-01-01 = 0; open end = 2**31 - 1)."""
    return [(_days("m.valid_from"), 4), (f"COALESCE({_days('m.valid_to')}, 2147483647)", 4)]


def select(cols: list[tuple[str, int]]) -> str:
    return ", ".join(_cast(expr, f"int{width}") for expr, width in cols)


def chunk_end_sql() -> str:
    """The id ending the next chunk: ``limit`` membership rows after ``cursor`` (an index-only scan)."""
    return f"SELECT MAX(id) FROM (SELECT id FROM {M} WHERE id > %(cursor)s ORDER BY id LIMIT %(limit)s) s"


def read_chunk_sql() -> str:
    """The memberships with ids in (cursor, upto] billed in the period, whatever their payer's region.

    The region is chosen by the account map (only the region's accounts are loaded), which keeps this query
    free of a condition the planner cannot estimate.
    """
    within = "m.id > %(cursor)s AND m.id <= %(upto)s"
    return f"SELECT {select(columns())} {JOINS}WHERE {within} AND {ACTIVE} AND {BILLED_SEGMENTS}"


def read_ids_sql(ids: list[int]) -> str:
    """The given memberships (whatever their dates), with their validity as day numbers."""
    listed = ", ".join(str(int(i)) for i in ids)  # integers from the database, never user input
    return f"SELECT {select(columns() + validity_columns())} {JOINS}WHERE m.id IN ({listed}) AND {BILLED_SEGMENTS}"


def accounts_sql() -> str:
    """payer code, reference, id of the region's accounts of employers, self-paying workers, city programme."""
    code = "CASE kind WHEN 'employer' THEN 0 WHEN 'self' THEN 1 WHEN 'city_programme' THEN 2 ELSE 3 END"
    selected = f"{_cast(code, 'int4')}, {_cast('ref', 'int8')}, {_cast('id', 'int8')}"
    return f"SELECT {selected} FROM {A} WHERE region_id = %(region)s"


def last_id_sql() -> str:
    return f"SELECT MAX(id) FROM {M}"


def skipped_sql() -> str:
    """Active memberships of segments the monthly run does not bill (construction projects, migrant workers)."""
    return (
        f"SELECT COUNT(*) FROM {M} m JOIN {W} w ON w.id = m.worker_id "
        f"WHERE {ACTIVE} AND NOT ({BILLED_SEGMENTS}) AND w.region_id = %(region)s"
    )
