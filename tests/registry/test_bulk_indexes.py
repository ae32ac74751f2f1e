"""registry.bulk.insert_rows with deferred indexes: same indexes afterwards, and all or nothing on a unique break."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection

from lindung.registry import bulk
from lindung.registry.models import Employer, Membership, Worker
from tests.factories import World, make_worker

NAMES = [
    *("worker", "payer_kind", "employer", "sponsor_name", "segment", "programs", "wage", "valid_from"),
    *("end_reason", "end_note", "rules_version", "eligibility_notes", "created_at"),
]


def _indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return sorted(cursor.fetchall())


def _row(worker: Worker, employer: Employer) -> tuple[object, ...]:
    start, now = bulk.db_date(dt.date(2026, 1, 1)), bulk.db_datetime(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    notes = bulk.json_value(Membership, "eligibility_notes")([])
    return (worker.pk, "employer", employer.pk, "", "PU", 15, 4_000_000, start, "", "", "", notes, now)


def test_deferred_load_writes_the_rows_and_keeps_every_index(world: World) -> None:
    table = Membership._meta.db_table
    before, count = _indexes(table), Membership.objects.count()
    worker = make_worker(world.medan, "1271010101900001", "Pekerja Baru")
    written = bulk.insert_rows(Membership, NAMES, [_row(worker, world.employer)], defer_indexes=True)
    assert written == 1 and Membership.objects.count() == count + 1
    assert _indexes(table) == before  # every index is back, with the same definition


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="indexes are only deferred on SQLite")
def test_a_row_breaking_a_unique_index_takes_the_whole_load_back(world: World) -> None:
    table = Membership._meta.db_table
    before, count = _indexes(table), Membership.objects.count()
    worker = make_worker(world.medan, "1271010101900001", "Pekerja Baru")
    # two active memberships of one worker with one employer: the unique index one-active-per-employer forbids it
    good = _row(worker, world.employer)
    with pytest.raises(IntegrityError, match="UNIQUE"):
        bulk.insert_rows(Membership, NAMES, [good, good], defer_indexes=True)
    assert Membership.objects.count() == count  # the good row went back too
    assert _indexes(table) == before
