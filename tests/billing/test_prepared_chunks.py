"""PostgreSQL: the lines the read-ahead computes on its thread (while the run's connection copies the chunk before)
are the lines the run computes in place; a chunk needing a new account, or read before the map changed, is
computed again in place."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db import connection, transaction

from lindung.billing.models import BillingRun, Line, LineKind, RunStatus
from lindung.billing.run.accounts import AccountMap, billed
from lindung.billing.run.columns import LINE_COLUMNS
from lindung.billing.run.lines import regular_lines
from lindung.billing.run.prefetch import read_chunk
from lindung.billing.run.runner import RunStats
from lindung.billing.services import billing_run_execute, billing_run_start
from tests.billing.conftest import FEB, JAN, TODAY, Billing, add_membership, bill, seed_payers
from tests.factories import make_employer, make_worker

pytestmark = pytest.mark.django_db(transaction=True)
COMPARED = [name for name in LINE_COLUMNS if name not in {"covers_period", "kind", "run_id"}]


def _in_place(run: BillingRun) -> dict[str, np.ndarray]:
    """Every chunk of ``run`` read and computed again on the run's connection, with a fresh account map."""
    parts = []
    with transaction.atomic():
        accounts = AccountMap.load(run.region_id)
        cursor = 0
        while True:
            chunk = read_chunk(run, cursor)
            if chunk.upto is None:
                break
            rows, _skipped = billed(chunk.table, run.region_id)
            parts.append(
                regular_lines(run_id=run.pk, refset_id=run.refset_id, period=run.period, inputs=accounts.inputs(rows))
            )
            cursor = chunk.upto
    columns = {name: np.concatenate([p[name] for p in parts]) for name in COMPARED}
    order = np.lexsort((columns["membership_id"], columns["account_id"]))
    return {name: np.asarray(values)[order] for name, values in columns.items()}


def _stored(run: BillingRun) -> dict[str, np.ndarray]:
    rows = Line.objects.filter(run_id=run.pk, kind=LineKind.REGULAR).order_by("account_id", "membership_id")
    values = np.asarray(list(rows.values_list(*COMPARED)), dtype=np.int64)
    return {name: values[:, i] for i, name in enumerate(COMPARED)}


def _bill_prepared(billing: Billing, period: dt.date) -> tuple[BillingRun, RunStats]:
    stats = RunStats()
    run = billing_run_start(region=billing.world.medan, period=period, today=TODAY, chunk_size=8)
    return billing_run_execute(run=run, stats=stats), stats


def test_lines_prepared_on_the_read_ahead_equal_lines_computed_in_place(billing: Billing) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the read-ahead reads on a connection of its own: PostgreSQL only")
    seed_payers(billing, 40)
    bill(billing.world.medan, JAN, chunk_size=8)  # opens every payer's account
    run, stats = _bill_prepared(billing, FEB)
    assert run.status == RunStatus.DONE and run.chunks_done >= 5
    # Every chunk came prepared but perhaps the first two: read before the account map was loaded.
    assert stats.prepared >= run.chunks_done - 2 > 0
    stored, expected = _stored(run), _in_place(run)
    assert len(stored["membership_id"]) == run.rows_done == len(expected["membership_id"])
    for name in COMPARED:
        assert np.array_equal(stored[name], expected[name]), name


def test_a_chunk_with_a_new_payer_is_computed_in_place_and_the_rest_stay_right(billing: Billing) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the read-ahead reads on a connection of its own: PostgreSQL only")
    seed_payers(billing, 40)
    bill(billing.world.medan, JAN, chunk_size=8)
    newcomer = make_employer(billing.world.medan, "PT Baru Februari")  # no account yet: its chunk opens one
    for i in range(3):
        worker = make_worker(billing.world.medan, f"12710106{i:04d}0902", f"Pekerja Baru {i}")
        add_membership(worker, payer_kind="employer", employer=newcomer, wage=5_000_000, valid_from=dt.date(2026, 2, 1))
    run, stats = _bill_prepared(billing, FEB)
    assert run.status == RunStatus.DONE
    assert stats.prepared < run.chunks_done, "the chunk opening the new account was computed in place"
    stored, expected = _stored(run), _in_place(run)
    for name in COMPARED:
        assert np.array_equal(stored[name], expected[name]), name


def test_the_adjustments_changed_rows_are_read_ahead_beside_the_writer(billing: Billing) -> None:
    """The read-ahead reads the rows changed since January was billed once it has read the last chunk; the
    adjustment phase uses them: a worker registered late for January gets January's adjustment line."""
    if connection.vendor != "postgresql":
        pytest.skip("the read-ahead reads on a connection of its own: PostgreSQL only")
    seed_payers(billing, 12)
    bill(billing.world.medan, JAN, chunk_size=8)
    late = add_membership(
        make_worker(billing.world.medan, "1271010101900003", "Pekerja Terlambat"),
        payer_kind="self", segment="BPU", programs=3, wage=1_500_000, valid_from=JAN,
    )  # fmt: skip
    run, stats = _bill_prepared(billing, FEB)
    assert run.status == RunStatus.DONE and stats.changed_read_ahead
    adjustments = Line.objects.filter(run_id=run.pk, kind=LineKind.ADJUSTMENT)
    assert list(adjustments.values_list("membership_id", "covers_period")) == [(late.pk, JAN)]
    assert Line.objects.filter(run_id=run.pk, kind=LineKind.REGULAR, membership_id=late.pk).count() == 1
