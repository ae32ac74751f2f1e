"""PostgreSQL finds a run's changed memberships through indexes (registry migration 0010), not by reading the whole
membership table: each arm of the scan's condition has an index, so the planner can combine them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from lindung.billing.models import BillingRun
from lindung.billing.run.adjust import ChangedScan
from lindung.registry.models import Membership
from tests.billing.conftest import JAN, Billing, bill

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")


def _plan(scan: ChangedScan) -> str:
    query, params = scan.sql()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would be read whole anyway
        cursor.execute(f"EXPLAIN {query}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_changed_scan_combines_an_index_per_condition(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    run = BillingRun.objects.get(period=JAN)
    plan = _plan(ChangedScan(since=run.started_at - dt.timedelta(minutes=5), upto=run.cursor_end))
    assert "Seq Scan" not in plan and "BitmapOr" in plan
    for index in (
        "registry_membership_pkey",
        "registry_membership_created_brin",
        "registry_membership_ended",
        "registry_membership_end_pending",
    ):
        assert f"on {index}" in plan


def test_the_indexed_scan_finds_what_reading_every_row_finds(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    run = BillingRun.objects.get(period=JAN)
    ended = Membership.objects.order_by("pk").first()
    assert ended is not None
    Membership.objects.filter(pk=ended.pk).update(valid_to=dt.date(2026, 1, 31))  # an end date set, not ended yet
    scan = ChangedScan(since=run.started_at - dt.timedelta(minutes=5), upto=run.cursor_end)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        indexed = scan.read()
        cursor.execute("SET LOCAL enable_seqscan = on")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        whole = scan.read()
    assert indexed == whole and ended.pk in indexed
