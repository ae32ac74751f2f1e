"""The SQL of the billing run, for SQLite and PostgreSQL: read memberships as columns, issue invoices.

Statements are assembled from this module's constants (table names, column expressions) and integers from
the database only; every value from outside is a bound parameter. Hence the file-wide S608 exemption.
"""

# ruff: noqa: S608
from __future__ import annotations

from django.db import connection

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingAccount
from lindung.registry.models import Employer, Membership, Worker

M, W, E = Membership._meta.db_table, Worker._meta.db_table, Employer._meta.db_table
A = BillingAccount._meta.db_table

ACTIVE = "m.valid_from <= %(last_day)s AND (m.valid_to IS NULL OR m.valid_to >= %(first_day)s)"
BILLED_SEGMENTS = "m.segment IN ('PU', 'BPU')"


def _birth_month() -> str:
    if connection.vendor == "postgresql":
        return "(EXTRACT(YEAR FROM w.birth_date)::int4 * 12 + EXTRACT(MONTH FROM w.birth_date)::int4 - 1)"
    # ISO text: the year and month by position (a third of strftime's cost over a chunk).
    return "(substr(w.birth_date, 1, 4) * 12 + substr(w.birth_date, 6, 2) - 1)"


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
#: PU 0, BPU 1; 2 for the segments the monthly run does not bill (construction projects, migrant workers).
SEGMENT_CODE = "CASE m.segment WHEN 'PU' THEN 0 WHEN 'BPU' THEN 1 ELSE 2 END"
NOT_BILLED = 2
PAYER_CODE = "CASE m.payer_kind WHEN 'employer' THEN 0 WHEN 'self' THEN 1 WHEN 'city_programme' THEN 2 ELSE 3 END"


def _sector_case(column: str) -> str:
    whens = " ".join(f"WHEN '{name}' THEN {code}" for name, code in rules.SECTOR_CODE.items())
    return f"CASE {column} {whens} ELSE 0 END"


def sector_code() -> str:
    """The rules' sector code of the row: the employer's sektor usaha for PU (padat karya, PP 7/2025), the
    membership's sektor pekerjaan for BPU (transport, PP 50/2025); 0 (``other``) without one.

    The registry stores the rules' sector names, so the codes follow ``codes.SECTORS`` (names from the
    parameter files: constants, never user input).
    """
    # ``other`` first (``codes.SECTORS``): nearly every row stops at the first comparison.
    return _sector_case("(CASE WHEN m.segment = 'BPU' THEN m.sector ELSE e.sector END)")


#: 1 where the PU row's employer had the PP 49/2020 JP deferral approved.
JP_DEFERRAL = "CASE WHEN m.segment = 'PU' AND e.jp_deferral THEN 1 ELSE 0 END"


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
        (SEGMENT_CODE, 4),
        ("m.wage", 8),
        ("COALESCE(e.jkk_risk_group, 0)", 4),
        ("m.programs", 4),
        (_birth_month(), 4),
        (sector_code(), 4),
        (JP_DEFERRAL, 4),
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
    """The memberships with ids in (cursor, upto] active in the period, whatever their payer's region.

    The region is chosen by the account map (only the region's accounts are loaded), which keeps this query
    free of a condition the planner cannot estimate. Rows of segments not billed monthly come too (segment
    code ``NOT_BILLED``): the run counts them as it reads, instead of a scan of every membership at its start.
    """
    return f"SELECT {select(columns())} {JOINS}WHERE {_WITHIN} AND {ACTIVE}"


_WITHIN = "m.id > %(cursor)s AND m.id <= %(upto)s"
#: SQLite: the small columns of ``columns()`` in one integer (bits: payer 0-1, segment 2-3, risk group 4-7,
#: programmes 8-15, sector 16-20, JP deferral 21, birth month + 1 from 24), and both regions in another:
#: fetching a value costs more in Python's sqlite3 than the whole query in SQLite, so six values a row
#: instead of thirteen.
SMALL_SHIFTS = ((1, 0, 2), (6, 2, 2), (8, 4, 4), (9, 8, 8), (11, 16, 5), (12, 21, 1))  # (column, shift, bits)
BIRTH_SHIFT, REGION_SHIFT = 24, 1 << 31


def read_chunk_packed_sql() -> str:
    """SQLite: ``read_chunk_sql`` as (id, employer, worker, wage, regions, small columns); see ``unpack``."""
    cols = [expr for expr, _w in columns()]
    small = " + ".join(f"(({cols[i]}) << {shift})" for i, shift, _bits in SMALL_SHIFTS)
    small += f" + (({cols[10]} + 1) << {BIRTH_SHIFT})"
    regions = f"{cols[4]} * {REGION_SHIFT} + {cols[5]}"
    return f"SELECT {cols[0]}, {cols[2]}, {cols[3]}, {cols[7]}, {regions}, {small} {JOINS}WHERE {_WITHIN} AND {ACTIVE}"


#: Columns of ``columns()`` that the read-ahead fills in from the worker and employer columns read once per run
#: (``prefetch.WorkerColumns``, ``prefetch.EmployerColumns``) instead of joining them in every chunk's query.
WORKER_REGION_COLUMN, BIRTH_MONTH_COLUMN = 4, 10
EMPLOYER_COLUMN, EMPLOYER_REGION_COLUMN, SEGMENT_COLUMN, RISK_COLUMN, SECTOR_COLUMN, DEFERRAL_COLUMN = (
    2,
    5,
    6,
    8,
    11,
    12,
)
SEGMENT_PU, SEGMENT_BPU = 0, 1


def _members_columns() -> list[tuple[str, int]]:
    """``columns()`` without a join: the worker's and the employer's columns left 0, the sector only a BPU row's
    own (a PU row's is its employer's, filled in with the employer's other columns)."""
    cols = columns()
    for index in (WORKER_REGION_COLUMN, BIRTH_MONTH_COLUMN, EMPLOYER_REGION_COLUMN, RISK_COLUMN, DEFERRAL_COLUMN):
        cols[index] = ("0", cols[index][1])
    cols[SECTOR_COLUMN] = (f"CASE WHEN m.segment = 'BPU' THEN {_sector_case('m.sector')} ELSE 0 END", 4)
    return cols


def read_chunk_members_sql() -> str:
    """``read_chunk_sql`` from the membership table alone (see ``_members_columns``).

    Joining workers per chunk hashes the whole worker table for every chunk, and the employer join cost a fifth
    of the read-ahead's server time; reading both once per run does not.
    """
    return f"SELECT {select(_members_columns())} FROM {M} m WHERE {_WITHIN} AND {ACTIVE}"


def read_chunk_members_packed_sql() -> str:
    """PostgreSQL: ``read_chunk_members_sql`` as (id, employer, worker, wage, small columns); see
    ``prefetch.unpack_members``.

    The small columns go in one ``int4`` (the bits of ``SMALL_SHIFTS``): the read-ahead's cost on the server is
    mostly encoding and concatenating each value (``pg_table``), so five values a row instead of thirteen. The
    membership's own small columns (payer, segment, programmes, a BPU row's sector) are the stored generated
    column ``billing_code`` (registry migration 0009), so the read evaluates no ``CASE`` (a month's five chunks of
    200,000: 1.36 s of server CPU with them, 0.95 s without): the risk group and the JP deferral bits are the
    employer's, filled in later, and 0 here as in ``_members_columns``.
    """
    cols = [expr for expr, _w in _members_columns()]
    picked = [(cols[0], 8), (cols[2], 8), (cols[3], 8), (cols[7], 8), ("m.billing_code", 4)]
    return f"SELECT {select(picked)} FROM {M} m WHERE {_WITHIN} AND {ACTIVE}"


#: Binary widths of ``read_chunk_members_packed_sql``'s columns.
MEMBERS_PACKED_WIDTHS = [8, 8, 8, 8, 4]
#: Ids below this fit in the low half of an ``int8`` with another id above them (``read_chunk_members_pairs_sql``).
PAIR_LIMIT = 1 << 31


def read_chunk_members_pairs_sql() -> str:
    """PostgreSQL: ``read_chunk_members_packed_sql`` in three values a row: (membership << 32 | worker),
    (employer << 32 | billing code), wage; see ``prefetch.unpack_pairs``. Only while every membership, worker and
    employer id is below ``PAIR_LIMIT`` (``pair_ids_sql``), as the billing code always is (21 bits).

    Each value the read-ahead sends costs the server about a tenth of a microsecond to encode and concatenate,
    more than the shift and the ``|`` that pair two of them (a month's five chunks of 200,000: 0.49 s of server
    time with five values, 0.41 s with three).
    """
    v0 = "(m.id << 32) | m.worker_id"
    v1 = "(COALESCE(m.employer_id, 0) << 32) | m.billing_code::int8"
    return f"SELECT {select([(v0, 8), (v1, 8), ('m.wage', 8)])} FROM {M} m WHERE {_WITHIN} AND {ACTIVE}"


MEMBERS_PAIRS_WIDTHS = [8, 8, 8]


def pair_ids_sql() -> str:
    """The highest membership, worker and employer ids (three index look-ups): pairs are read below the limit."""
    return f"SELECT (SELECT MAX(id) FROM {M}), (SELECT MAX(id) FROM {W}), (SELECT MAX(id) FROM {E})"


def workers_sql(where: str = "") -> str:
    """Id, region and birth date of every worker (or of ``where``'s, on ``x``): the run's in-memory side of the
    join.

    The birth date comes as days since 2000-01-01 (PostgreSQL's own date arithmetic), its month worked out in
    numpy (``prefetch.birth_months``): ``EXTRACT`` returns ``numeric`` since PostgreSQL 14, which took half the
    time of reading a million workers. The region and the day number go in one ``int8`` (``WORKER_SHIFT``):
    each value a row costs the server its encoding (``columns.pg_table``), so two values a worker, not three
    (a million workers: 0.63 s of server CPU with three, 0.56 s with two).
    """
    packed = f"(x.region_id::int8 << {WORKER_SHIFT}) + ({_days('x.birth_date')} + {WORKER_DAY_OFFSET})"
    return f"SELECT {select([('x.id', 8), (packed, 8)])} FROM {W} x {where}"


#: ``workers_sql``'s second column: region << 32, plus the birth date's day number + 2**31 (never negative).
WORKER_SHIFT, WORKER_DAY_OFFSET = 32, 1 << 31


def employers_sql(where: str = "") -> str:
    """Id, region, JKK risk group, rules' sector code and JP deferral (0/1) of every employer (or of ``where``'s,
    on ``x``): the values ``read_chunk_sql`` takes from its employer join."""
    cols = [
        ("x.id", 8),
        ("COALESCE(x.region_id, 0)", 8),
        ("x.jkk_risk_group", 4),
        (_sector_case("x.sector"), 4),
        ("CASE WHEN x.jp_deferral THEN 1 ELSE 0 END", 4),
    ]
    return f"SELECT {select(cols)} FROM {E} x {where}"


def participants_sql(sectors: int) -> str:
    """Per employer of the region in one of ``sectors`` listed sectors (bound as ``%(sector0)s`` …): its workers
    with a PU membership active in the period (the padat karya threshold, PP 7/2025 Pasal 4(1)).

    One grouped query per month billed, only over the listed employers' memberships (by the employer index).
    """
    listed = ", ".join(f"%(sector{i})s" for i in range(sectors))
    return (
        f"SELECT {select([('m.employer_id', 8), ('COUNT(DISTINCT m.worker_id)', 8)])} "
        f"FROM {E} e JOIN {M} m ON m.employer_id = e.id "
        f"WHERE e.region_id = %(region)s AND e.sector IN ({listed}) AND m.segment = 'PU' AND {ACTIVE} "
        "GROUP BY m.employer_id"
    )


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
