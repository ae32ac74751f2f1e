"""``Membership.ended_at``: every way a row ends records when, so billing re-examines only what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import import_module

import numpy as np
import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from lindung.core.audit import audit_context
from lindung.demo.context import DemoContext
from lindung.registry import demo
from lindung.registry.models import Membership, Worker
from lindung.registry.services import (
    membership_change_wage,
    membership_deactivate,
    membership_move,
    membership_reactivate,
    membership_register,
    worker_register,
)
from tests.factories import World, make_region

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)
JAN = dt.date(2026, 1, 1)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(registry_world: World, clock: None) -> Membership:
    worker = worker_register(
        region=registry_world.medan,
        nik="1271011708900031",
        name="Uji Pekerja",
        birth_date=dt.date(1990, 8, 17),
        sex="M",
        today=dt.date(2025, 11, 1),
    )
    return membership_register(
        worker=worker, payer_kind="employer", segment="PU", employer=registry_world.employer, wage=4_500_000,
        valid_from=JAN,
    )  # fmt: skip


def test_a_new_row_has_no_end_recorded(member: Membership) -> None:
    assert member.ended_at is None


def test_deactivation_records_when_the_end_was_recorded_not_the_end_date(member: Membership) -> None:
    membership_deactivate(membership=member, valid_to=dt.date(2026, 2, 9), reason="phk")
    member.refresh_from_db()
    assert member.ended_at == NOW and member.valid_to == dt.date(2026, 2, 9)


def test_a_wage_change_records_the_end_of_the_old_row_only(member: Membership) -> None:
    new = membership_change_wage(membership=member, wage=5_000_000, valid_from=dt.date(2026, 3, 1))
    member.refresh_from_db()
    assert member.ended_at == NOW and new.ended_at is None


def test_a_move_records_the_end_of_the_old_row_only(member: Membership, registry_world: World) -> None:
    new = membership_move(membership=member, employer=registry_world.other_employer, valid_from=dt.date(2026, 3, 1))
    member.refresh_from_db()
    assert member.ended_at == NOW and new.ended_at is None


def test_reactivation_opens_a_row_and_leaves_the_old_end_as_recorded(member: Membership) -> None:
    membership_deactivate(membership=member, valid_to=dt.date(2026, 1, 31), reason="resigned")
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        back = membership_reactivate(membership=member, valid_from=dt.date(2026, 3, 1))
    member.refresh_from_db()
    assert back.ended_at is None and member.ended_at == NOW


def test_a_refused_end_records_nothing(member: Membership) -> None:
    with pytest.raises(ValidationError, match="sebelum tanggal mulai"):
        membership_deactivate(membership=member, valid_to=dt.date(2025, 12, 1), reason="phk")
    member.refresh_from_db()
    assert member.ended_at is None and member.valid_to is None


def test_the_migration_gives_rows_already_ended_the_time_of_the_migration(member: Membership) -> None:
    Membership.objects.filter(pk=member.pk).update(valid_to=dt.date(2026, 1, 31))  # ended before the field
    backfill = import_module("lindung.registry.migrations.0006_membership_ended_at_backfill").backfill
    backfill(apps, None)
    ended = Membership.objects.get(pk=member.pk)
    assert ended.ended_at is not None and ended.ended_at >= NOW  # the database's clock: at least the test's
    assert not Membership.objects.filter(valid_to__isnull=True, ended_at__isnull=False).exists()


def test_demo_history_rows_record_their_end_on_its_day(db: None) -> None:
    region = make_region("12.76", "Kota Uji", "kota-uji-12-76")
    ctx = DemoContext(
        region=region, seed=7, workers=400, as_of=dt.date(2026, 1, 1), rng=np.random.default_rng(7), log=lambda _: None
    )
    with audit_context(label="demo-test"):
        for step in (demo.make_employers, demo.make_workers, demo.make_memberships):
            step(ctx)
    rows = Membership.objects.filter(worker__in=Worker.objects.filter(region=region))
    ended = list(rows.filter(valid_to__isnull=False).values_list("created_at", "ended_at", "valid_to"))
    assert ended and not rows.filter(valid_to__isnull=True, ended_at__isnull=False).exists()
    for created_at, ended_at, valid_to in ended:
        assert created_at <= ended_at <= timezone.now()
        # back-dated like the start, to the day's start in local time: no run sees it as a fresh change, and
        # the demo's data do not depend on the hour it is built
        assert timezone.localtime(ended_at) == timezone.make_aware(dt.datetime.combine(valid_to, dt.time()))
