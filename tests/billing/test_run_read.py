"""How a run reads its memberships: every path gives the rows the plain join gives.

SQLite fetches six packed values a row instead of thirteen; PostgreSQL's read-ahead reads the workers' and the
employers' columns once per run and joins them in memory. Both must equal ``sql.read_chunk_sql()``, the one
plain statement.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.billing.rules_adapter import SECTOR_CODE
from lindung.billing.run import sql
from lindung.billing.run.accounts import DEFERRAL, SECTOR, WORKER, billed
from lindung.billing.run.columns import read_table
from lindung.billing.run.lines import month_bounds
from lindung.billing.run.prefetch import (
    RAMP_FROM,
    WIDTHS,
    EmployerColumns,
    WorkerColumns,
    birth_months,
    by_id,
    chunk_limits,
    pairs_fit,
    read_chunk,
    unpack,
    unpack_members,
    unpack_pairs,
    workers_table,
)
from lindung.registry.models import Employer, Membership, Worker
from tests.billing.conftest import JAN, Billing, add_membership
from tests.factories import make_employer, make_worker


def _params(region_id: int) -> dict[str, object]:
    return {**month_bounds(JAN), "region": region_id, "cursor": 0, "upto": 10**12}


def _plain(region_id: int) -> np.ndarray:
    table = read_table(sql.read_chunk_sql(), _params(region_id), WIDTHS)
    return table[np.argsort(table[:, 0])]


def _sorted(table: np.ndarray) -> np.ndarray:
    return table[np.argsort(table[:, 0])]


def test_every_read_path_gives_the_plain_join(billing: Billing) -> None:
    region = billing.world.medan.pk
    Employer.objects.filter(pk=billing.world.employer.pk).update(sector="furniture", jp_deferral=True)
    Membership.objects.filter(pk=billing.self_paying.pk).update(sector="ojek_online")
    plain = _plain(region)
    assert len(plain) >= 8
    assert plain[:, SECTOR].any() and plain[:, DEFERRAL].any()  # every packed bit field is exercised
    if connection.vendor == "sqlite":
        packed = read_table(sql.read_chunk_packed_sql(), _params(region), [8] * 6)
        assert np.array_equal(_sorted(unpack(packed)), plain)
    else:
        with connection.cursor() as cursor:
            workers, employers = WorkerColumns(cursor.cursor), EmployerColumns(cursor.cursor)
            members = read_table(sql.read_chunk_members_sql(), _params(region), WIDTHS)
            assert np.array_equal(_sorted(workers.fill(employers.fill(members))), plain)
            packed = read_table(sql.read_chunk_members_packed_sql(), _params(region), sql.MEMBERS_PACKED_WIDTHS)
            assert np.array_equal(_sorted(workers.fill(employers.fill(unpack_members(packed)))), plain)
            assert pairs_fit(cursor.cursor)
            pairs = read_table(sql.read_chunk_members_pairs_sql(), _params(region), sql.MEMBERS_PAIRS_WIDTHS)
            assert np.array_equal(_sorted(workers.fill(employers.fill(unpack_pairs(pairs)))), plain)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_ids_past_the_pairs_limit_are_read_as_five_values(billing: Billing) -> None:
    with connection.cursor() as cursor:
        assert pairs_fit(cursor.cursor)
        far = make_worker(billing.world.medan, "1271011111900015", "Nomor Jauh")
        Worker.objects.filter(pk=far.pk).update(id=sql.PAIR_LIMIT // 2 + 7)
        assert not pairs_fit(cursor.cursor)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_workers_and_employers_registered_after_they_were_read_are_read_by_id(billing: Billing) -> None:
    world = billing.world
    with connection.cursor() as cursor:
        workers, employers = WorkerColumns(cursor.cursor), EmployerColumns(cursor.cursor)
        late = make_worker(world.medan, "1271011111900012", "Daftar Belakangan")
        late.birth_date = dt.date(1990, 7, 15)
        late.save()
        add_membership(late, payer_kind="self", segment="BPU", programs=3, wage=1_000_000)
        employer = make_employer(world.medan, "PT Baru Berdiri")
        Employer.objects.filter(pk=employer.pk).update(jkk_risk_group=4, sector="furniture")
        hired = make_worker(world.medan, "1271011111900014", "Pekerja Baru")
        add_membership(hired, employer=employer, payer_kind="employer", segment="PU", programs=31, wage=4_000_000)
        members = read_table(sql.read_chunk_members_sql(), _params(world.medan.pk), WIDTHS)
        filled = _sorted(workers.fill(employers.fill(members)))
    assert np.array_equal(filled, _plain(world.medan.pk))
    self_paying = filled[filled[:, WORKER] == late.pk][0]
    assert self_paying[sql.BIRTH_MONTH_COLUMN] == 1990 * 12 + 6
    employed = filled[filled[:, sql.EMPLOYER_COLUMN] == employer.pk][0]
    assert employed[sql.RISK_COLUMN] == 4 and employed[sql.SECTOR_COLUMN] == SECTOR_CODE["furniture"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_chunk_row_whose_employer_is_gone_fails_the_read_loudly(billing: Billing) -> None:
    with connection.cursor() as cursor:
        employers = EmployerColumns(cursor.cursor)
        chunk = read_table(sql.read_chunk_members_sql(), _params(billing.world.medan.pk), WIDTHS)
        chunk[0, sql.EMPLOYER_COLUMN] = 10**12  # no such employer
        with pytest.raises(LookupError):
            employers.fill(chunk)


def test_rows_of_segments_not_billed_are_counted_for_the_region_and_left_out(billing: Billing) -> None:
    worker = make_worker(billing.world.medan, "1271011111900013", "Tukang Proyek")
    project = Membership.objects.create(
        worker=worker,
        payer_kind="employer",
        employer=billing.world.employer,
        segment="JASA_KONSTRUKSI",
        programs=3,
        wage=0,
        valid_from=dt.date(2025, 1, 1),
    )
    run = type("Run", (), {"period": JAN, "region_id": billing.world.medan.pk, "chunk_size": 1000})()
    chunk = read_chunk(run, 0)  # type: ignore[arg-type]
    table, skipped = billed(chunk.table, billing.world.medan.pk)
    assert skipped == 1 and project.pk in chunk.table[:, 0] and project.pk not in table[:, 0]
    assert billed(chunk.table, billing.world.medan.pk + 1000)[1] == 0  # another region's run does not count it


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_chunks_read_before_the_worker_columns_arrive_get_their_workers_by_id(billing: Billing) -> None:
    """The read-ahead's first chunks are filled while another connection still reads every worker."""
    region = billing.world.medan.pk
    with connection.cursor() as cursor:
        empty = WorkerColumns(cursor.cursor, np.empty((0, 3), dtype=np.int64))
        members = read_table(sql.read_chunk_members_sql(), _params(region), WIDTHS)
        by_id = _sorted(empty.fill(EmployerColumns(cursor.cursor).fill(members.copy())))
        complete = WorkerColumns(cursor.cursor)
        empty.replace(workers_table(cursor.cursor))
        assert np.array_equal(empty.ids, complete.ids) and np.array_equal(empty.birth, complete.birth)
    assert np.array_equal(by_id, _plain(region))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_missing_workers_are_read_by_range_where_dense_and_by_id_where_sparse(billing: Billing) -> None:
    """Both ways give the rows of exactly the ids asked for, and keep each id once."""
    with connection.cursor() as cursor:
        complete = WorkerColumns(cursor.cursor)
        ids = complete.ids
        assert len(ids) >= 4
        dense, sparse = ids[:3], np.asarray([ids[0], ids[-1] + 10**6], dtype=np.int64)
        for wanted in (dense, sparse):
            read = WorkerColumns(cursor.cursor, np.empty((0, 3), dtype=np.int64))._read_missing(wanted)
            assert set(wanted.tolist()) & set(ids.tolist()) <= set(read[:, 0].tolist())
        partial = WorkerColumns(cursor.cursor, complete.table[1:2].copy())
        assert np.array_equal(partial.values(ids), complete.values(ids))
        assert np.array_equal(partial.ids, ids)  # the row it had, read again in the range, is there once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), min_size=0, max_size=50))
def test_birth_months_from_day_numbers_are_the_engine_month_codes(days: list[dt.date]) -> None:
    numbers = np.asarray([(d - dt.date(2000, 1, 1)).days for d in days], dtype=np.int64)
    assert birth_months(numbers).tolist() == [d.year * 12 + d.month - 1 for d in days]


def test_the_read_ahead_starts_with_small_chunks_then_reads_full_ones() -> None:
    sizes = chunk_limits(200_000)
    assert [next(sizes) for _ in range(5)] == [25_000, 50_000, 100_000, 200_000, 200_000]
    small = chunk_limits(RAMP_FROM - 1)
    assert [next(small) for _ in range(2)] == [RAMP_FROM - 1] * 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 10**12), unique=True, max_size=40), st.randoms(use_true_random=False))
def test_chunk_rows_come_in_membership_order_whatever_order_they_were_read_in(ids: list[int], rnd: object) -> None:
    rows = [[i, i % 7, i * 3] for i in ids]
    rnd.shuffle(rows)  # type: ignore[attr-defined]
    table = np.asarray(rows, dtype=np.int64).reshape(len(rows), 3)
    ordered = by_id(table)
    assert ordered[:, 0].tolist() == sorted(ids)
    assert all(row[1] == row[0] % 7 and row[2] == row[0] * 3 for row in ordered.tolist())
