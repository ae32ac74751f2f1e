"""Where lines are kept and how invoices are summed (ADR 0004): in memory and in SQL alike, one partition per
run on PostgreSQL, and a coverage refresh queued when a run is done."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.billing import rules_adapter as rules
from lindung.billing.models import Invoice, Line, LineKind
from lindung.billing.run.invoices import SUMS, InvoiceSums, sums_from_lines
from lindung.billing.run.storage import KEY, line_table
from lindung.registry.models import Membership
from lindung.registry.services.memberships import membership_deactivate
from tests.billing.conftest import FEB, JAN, Billing, bill

AMOUNTS = ("jkk", "jkm", "jht_employer", "jht_worker", "jp_employer", "jp_worker", "jkp_government", "total")
line_rows = st.lists(
    st.tuples(
        st.integers(1, 6),  # account
        st.sampled_from([LineKind.REGULAR, LineKind.ADJUSTMENT, LineKind.FINE]),
        st.integers(0, 1),  # segment
        st.lists(st.integers(-(10**9), 10**9), min_size=len(AMOUNTS), max_size=len(AMOUNTS)),
    ),
    max_size=40,
)


def _columns(rows: list[tuple[int, int, int, list[int]]]) -> dict[str, Any]:
    cols: dict[str, Any] = {
        "account_id": np.asarray([r[0] for r in rows], dtype=np.int64),
        "kind": np.asarray([r[1] for r in rows], dtype=np.int16),
        "segment": np.asarray([r[2] for r in rows], dtype=np.int8),
    }
    for i, name in enumerate(AMOUNTS):
        cols[name] = np.asarray([r[3][i] for r in rows], dtype=np.int64)
    return cols


def _expected(rows: list[tuple[int, int, int, list[int]]]) -> dict[int, list[int]]:
    """The invoice sums the way the old GROUP BY read: one plain loop per line."""
    out: dict[int, list[int]] = defaultdict(lambda: [1, *[0] * (len(SUMS) - 1)])
    for account, kind, segment, a in rows:
        s = out[account]
        jkk, jkm, jhte, jhtw, jpe, jpw, jkp, total = a
        s[0] = min(s[0], segment)
        if kind != LineKind.FINE:
            for i, v in enumerate((jkk, jkm, jhte + jhtw, jpe + jpw, jkp, total), start=1):
                s[i] += v
        s[7] += total if kind == LineKind.ADJUSTMENT else 0
        s[8] += total if kind == LineKind.FINE else 0
        s[9] += total
        s[10] += kind == LineKind.REGULAR
    return dict(out)


@settings(max_examples=80, deadline=None)
@given(batches=st.lists(line_rows, max_size=4), spread=st.sampled_from([1, 1_000_003]))
def test_sums_kept_in_memory_equal_a_line_by_line_sum(
    batches: list[list[tuple[int, int, int, list[int]]]], spread: int
) -> None:
    """Account ids close together (summed by direct addressing) or far apart (sorted and reduced)."""
    batches = [[(account * spread, *rest) for account, *rest in rows] for rows in batches]  # type: ignore[misc]
    sums = InvoiceSums(complete=True)
    for rows in batches:
        sums.add(_columns(rows))
    accounts, values = sums.totals()
    got = dict(zip(accounts.tolist(), values.tolist(), strict=True))
    assert got == _expected([row for rows in batches for row in rows])


def _invoice_sums(run_id: int) -> list[list[int]]:
    fields = ("account_id", "jkk", "jkm", "jht", "jp", "jkp_government", "contribution_total")
    rest = ("adjustment_total", "fine_total", "amount_due", "line_count")
    rows = Invoice.objects.filter(run_id=run_id).order_by("account_id").values_list(*fields, *rest, "segment")
    return [[*r[:-1]] for r in rows]


@pytest.mark.django_db
def test_invoices_from_memory_equal_the_sql_sums_of_the_lines(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2025, 12, 31), reason="resigned")
    run = bill(billing.world.medan, FEB)  # regular lines and a reversal of January
    assert run.adjustment_lines >= 1
    accounts, values = sums_from_lines(run.pk)
    from_sql = [[a, *v[1:]] for a, v in zip(accounts.tolist(), values.tolist(), strict=True)]
    assert _invoice_sums(run.pk) == from_sql


@pytest.mark.django_db
def test_a_finished_run_queues_a_coverage_refresh(billing: Billing, django_capture_on_commit_callbacks: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        bill(billing.world.medan, JAN)
    queued = DBTaskResult.objects.filter(task_path__endswith="coverage_refresh_task")
    assert [row["args"] for row in queued.values_list("args_kwargs", flat=True)] == [[billing.world.medan.pk, False]]


def _partitions_of(cursor: Any, parent: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass ORDER BY c.relname",
        [parent],
    )
    return cursor.fetchall()


@pytest.mark.django_db
def test_a_finished_run_keeps_its_lines_in_a_partition_of_its_own(billing: Billing) -> None:
    """PostgreSQL: the run's table is the run's partition, itself partitioned by (kind, membership): a table per
    chunk of regular lines (memberships 1 to 3 and 4 to 6 here), one for adjustments and fines; each holds its
    part of the run's key."""
    run = bill(billing.world.medan, JAN, chunk_size=3)
    assert Line.objects.filter(run=run).count() == run.rows_done > 0
    if connection.vendor != "postgresql":
        return
    name = line_table(run.pk)
    with connection.cursor() as cursor:
        assert (name, f"FOR VALUES IN ('{run.pk}')") in _partitions_of(cursor, "billing_line")
        cursor.execute(f"SELECT COUNT(*) FROM {name}")  # noqa: S608 (integer id)
        assert cursor.fetchone()[0] == run.rows_done
        parts = dict(_partitions_of(cursor, name))
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {Membership._meta.db_table}")  # noqa: S608
        first, last = cursor.fetchone()
        chunks = [f"{name}_{n}" for n in range(1, run.chunks_done + 1)]
        assert set(parts) == {*chunks, f"{name}_other"}
        assert parts[f"{name}_other"] == "DEFAULT"
        assert parts[chunks[0]] == f"FOR VALUES FROM ('0', '1') TO ('0', '{first + 3}')"
        assert parts[chunks[-1]].endswith(f"TO ('0', '{last + 1}')")
        for table in parts:
            keys = "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'"
            cursor.execute(keys, [table])
            assert cursor.fetchone()[0] == 1, table


@pytest.mark.django_db
def test_every_invoice_column_is_written_as_the_model_reads_it(billing: Billing) -> None:
    """The invoices' binary COPY (PostgreSQL) and executemany (SQLite) give the same fields."""
    bill(billing.world.medan, JAN)
    membership_deactivate(membership=billing.pu, valid_to=dt.date(2025, 12, 31), reason="resigned")
    run = bill(billing.world.medan, FEB)  # one credit invoice among open ones
    invoices = list(Invoice.objects.filter(run=run).select_related("account"))
    assert {i.status for i in invoices} >= {"open", "credit"}
    assert {i.segment for i in invoices} == {"PU", "BPU"}
    for invoice in invoices:
        assert (invoice.period, invoice.region_id, invoice.paid_amount) == (FEB, billing.world.medan.pk, 0)
        expected = "open" if invoice.amount_due > 0 else "paid" if invoice.amount_due == 0 else "credit"
        assert invoice.status == expected
        assert invoice.due_date == rules.due_date(invoice.segment, FEB)
        assert invoice.amount_due == invoice.contribution_total + invoice.fine_total
        assert abs((invoice.issued_at - run.finished_at).total_seconds()) < 60
    assert sum(i.line_count for i in invoices) == run.rows_done


_written_runs = iter(range(900_000, 1_000_000))


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(0, 300),
    months=st.lists(st.sampled_from([JAN, FEB, dt.date(2025, 12, 1)]), min_size=1, max_size=3),
    seed=st.integers(0, 2**32 - 1),
)
def test_written_lines_read_back_exactly(n: int, months: list[dt.date], seed: int) -> None:
    """Any number of rows (one statement of many rows, a remainder, or both), constant or varying columns."""
    from lindung.billing.run.columns import LINE_COLUMNS, LINE_LAYOUT, pg_day, write_lines
    from lindung.billing.run.storage import stage_create

    run_id = next(_written_runs)
    rng = np.random.default_rng(seed)
    top = {2: 2**15, 4: 2**31, 8: 10**12}  # within each column's type
    columns: dict[str, Any] = {name: rng.integers(-top[w], top[w], n, dtype=np.int64) for name, _t, w in LINE_LAYOUT}
    columns["run_id"] = np.full(n, run_id, dtype=np.int64)
    columns["membership_id"] = np.arange(n, dtype=np.int64)  # the key stays unique
    columns["kind"] = rng.integers(0, 3, n).astype(np.int16)
    columns["segment"] = np.zeros(n, dtype=np.int16)  # constant: written as a literal
    days = np.asarray([pg_day(m) for m in months], dtype=np.int32)
    columns["covers_period"] = days[rng.integers(0, len(days), n)]
    stage_create(run_id)
    assert write_lines(columns, table=line_table(run_id)) == n
    with connection.cursor() as cursor:
        names = ", ".join(LINE_COLUMNS)
        cursor.execute(f"SELECT {names} FROM {line_table(run_id)} WHERE run_id = %s ORDER BY membership_id", [run_id])  # noqa: S608
        got = cursor.fetchall()
    epoch = dt.date(2000, 1, 1)
    expected = [
        tuple(
            epoch + dt.timedelta(days=int(v)) if name == "covers_period" else int(v)
            for name, v in zip(LINE_COLUMNS, row, strict=True)
        )
        for row in zip(*(columns[name].tolist() for name in LINE_COLUMNS), strict=True)
    ]
    read = [tuple(dt.date.fromisoformat(v) if isinstance(v, str) else v for v in row) for row in got]
    assert read == expected


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_the_key_built_beside_the_invoices_is_built_once_and_attached() -> None:
    """``KeyBuild`` commits the key on its own connection; a second build (a resumed run) and the attach find it."""
    from lindung.billing.run.columns import LINE_LAYOUT, pg_day, write_lines
    from lindung.billing.run.storage import KeyBuild, stage_attach, stage_create

    run_id = next(_written_runs)
    n = 50
    columns: dict[str, Any] = {name: np.ones(n, dtype=np.int64) for name, _t, _w in LINE_LAYOUT}
    columns["run_id"] = np.full(n, run_id, dtype=np.int64)
    columns["membership_id"] = np.arange(n, dtype=np.int64)
    columns["kind"] = np.full(n, LineKind.REGULAR, dtype=np.int16)
    columns["covers_period"] = np.full(n, pg_day(JAN), dtype=np.int32)
    stage_create(run_id)
    write_lines(columns, table=line_table(run_id))
    KeyBuild(run_id).wait()
    KeyBuild(run_id).wait()  # built already: nothing to do, no error
    with transaction.atomic():  # as in the run's finalizing transaction
        stage_attach(run_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FILTER (WHERE contype = 'p') FROM pg_constraint WHERE conrelid = %s::regclass",
            [line_table(run_id)],
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT COUNT(*) FROM pg_inherits WHERE inhrelid = %s::regclass", [line_table(run_id)])
        assert cursor.fetchone()[0] == 1
        cursor.execute(f"DROP TABLE {line_table(run_id)}")
    assert Line.objects.filter(run_id=run_id).count() == 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_a_key_that_cannot_be_built_fails_the_wait() -> None:
    """Two lines with the same key: the build beside the invoices raises in the run's thread, not silently."""
    from lindung.billing.run.columns import LINE_LAYOUT, pg_day, write_lines
    from lindung.billing.run.storage import KeyBuild, stage_create

    run_id = next(_written_runs)
    columns: dict[str, Any] = {name: np.ones(2, dtype=np.int64) for name, _t, _w in LINE_LAYOUT}
    columns["run_id"] = np.full(2, run_id, dtype=np.int64)
    columns["kind"] = np.full(2, LineKind.REGULAR, dtype=np.int16)
    columns["covers_period"] = np.full(2, pg_day(JAN), dtype=np.int32)
    stage_create(run_id)
    write_lines(columns, table=line_table(run_id))
    import psycopg

    with pytest.raises(psycopg.errors.UniqueViolation):
        KeyBuild(run_id).wait()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {line_table(run_id)}")


def _key_columns(cursor: Any, table: str) -> list[str]:
    cursor.execute(
        "SELECT a.attname FROM pg_constraint k CROSS JOIN unnest(k.conkey) WITH ORDINALITY AS c(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum "
        "WHERE k.conrelid = %s::regclass AND k.contype = 'p' ORDER BY c.n",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_migration_0006_puts_the_account_first_and_a_staged_key_is_built_again_on_attach() -> None:
    """The line key leads with the account (a partition's run is one value); a run stopped between building its
    key in the old order and attaching its table gets the key again in the new order."""
    import importlib

    from lindung.billing.run.columns import LINE_LAYOUT, pg_day, write_lines
    from lindung.billing.run.storage import KEY, stage_attach

    migration = importlib.import_module("lindung.billing.migrations.0006_line_key_account_first")
    new_order = [c.strip() for c in KEY.split(",")]
    with connection.cursor() as cursor:
        assert _key_columns(cursor, "billing_line") == new_order
    run_id = next(_written_runs)
    columns: dict[str, Any] = {name: np.ones(3, dtype=np.int64) for name, _t, _w in LINE_LAYOUT}
    columns["run_id"] = np.full(3, run_id, dtype=np.int64)
    columns["membership_id"] = np.arange(3, dtype=np.int64)
    columns["kind"] = np.full(3, LineKind.REGULAR, dtype=np.int16)
    columns["covers_period"] = np.full(3, pg_day(JAN), dtype=np.int32)
    table = line_table(run_id)
    with connection.cursor() as cursor:  # a run's table as runs made it then: one table, not partitioned
        cursor.execute(f"CREATE TABLE {table} (LIKE billing_line, CONSTRAINT {table}_run CHECK (run_id = {run_id}))")
    write_lines(columns, table=table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # as before the migration
            cursor.execute("ALTER TABLE billing_line DROP CONSTRAINT billing_line_pkey")
            cursor.execute(f"ALTER TABLE billing_line ADD CONSTRAINT billing_line_pkey PRIMARY KEY ({migration.OLD})")
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY ({migration.OLD})")
        with transaction.atomic(), connection.schema_editor() as editor:
            migration.forward(None, editor)
        with connection.cursor() as cursor:
            assert _key_columns(cursor, "billing_line") == new_order
            assert _key_columns(cursor, table) == []  # dropped: the old order could not be attached
        with transaction.atomic():
            stage_attach(run_id)
        with connection.cursor() as cursor:
            assert _key_columns(cursor, table) == new_order
        assert Line.objects.filter(run_id=run_id).count() == 3
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db
def test_a_chunk_of_a_run_begun_before_chunk_tables_goes_into_its_one_table() -> None:
    """A run whose table was made by the code before chunk tables (one table, not partitioned) goes on writing
    into it, and its key is built and attached as before."""
    from lindung.billing.run.columns import LINE_LAYOUT, pg_day
    from lindung.billing.run.storage import chunk_write, stage_attach

    run_id = next(_written_runs)
    columns: dict[str, Any] = {name: np.ones(4, dtype=np.int64) for name, _t, _w in LINE_LAYOUT}
    columns["run_id"] = np.full(4, run_id, dtype=np.int64)
    columns["membership_id"] = np.arange(10, 14, dtype=np.int64)
    columns["kind"] = np.full(4, LineKind.REGULAR, dtype=np.int16)
    columns["covers_period"] = np.full(4, pg_day(JAN), dtype=np.int32)
    table = line_table(run_id)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {table} (LIKE billing_line, CONSTRAINT {table}_run CHECK (run_id = {run_id}))")
    assert chunk_write(run_id, 1, 10, 13, columns, None) == 4
    stage_attach(run_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s", [table])
        assert cursor.fetchone()[0] == "r"
        assert _key_columns(cursor, table) == [c.strip() for c in KEY.split(",")]
    assert list(Line.objects.filter(run_id=run_id).values_list("membership_id", flat=True).order_by("pk")) == [
        10, 11, 12, 13,
    ]  # fmt: skip
