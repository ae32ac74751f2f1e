"""The waiting list's pool read: rows go into polars column by column (same values and types as the row reader),
and on PostgreSQL the read runs without JIT compilation; the page shows the known figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from django.db import connection
from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext

from lindung.programmes.models import DecileSource, PovertyDecile
from lindung.programmes.selectors import ranking
from lindung.programmes.selectors.eligibility import candidate_pool, eligibility_report
from lindung.registry.models import Membership, Program, Worker
from tests.factories import World, make_membership
from tests.programmes.builders import TODAY, make_candidates, make_programme
from tests.programmes.test_views import BASE, client_for

pytestmark = pytest.mark.django_db
NAMES = ["worker_id", "category", "female_head", "decile", "birth_text"]
CASTS = {"worker_id": pl.Int64, "category": pl.String, "female_head": pl.Boolean, "decile": pl.Int64,
         "birth_text": pl.String}  # fmt: skip


def _query(workers: QuerySet[Worker]) -> QuerySet[Any]:
    return (
        workers.order_by("pk")
        .annotate(decile=F("poverty_decile__decile"), birth_text=Cast("birth_date", CharField()))
        .values_list("pk", "vulnerability_category", "female_head_of_household", "decile", "birth_text")
    )


def test_columns_hold_the_rows_values_and_types(world: World) -> None:
    plain, head = make_candidates(world, 2)
    head.female_head_of_household = True
    head.save()
    PovertyDecile.objects.create(region=world.medan, worker=head, decile=2, source=DecileSource.DTKS, as_of=TODAY)
    query = _query(Worker.objects.filter(pk__in=[plain.pk, head.pk]))
    frame = ranking._fetch(query, NAMES, CASTS)
    assert frame.schema == pl.Schema({**CASTS})
    assert frame.rows() == [(plain.pk, "ojek_driver", False, None, "1990-01-01"),
                            (head.pk, "ojek_driver", True, 2, "1990-01-01")]  # fmt: skip


def test_an_empty_pool_is_an_empty_frame_with_the_columns(world: World) -> None:
    for workers in (Worker.objects.filter(pk__in=[]), Worker.objects.filter(pk=-1)):
        frame = ranking._fetch(_query(workers), NAMES, CASTS)
        assert frame.height == 0 and frame.schema == pl.Schema({**CASTS})


def test_the_pool_read_runs_without_jit_on_postgresql(world: World) -> None:
    programme = make_programme(world)
    make_candidates(world, 2)
    with CaptureQueriesContext(connection) as queries:
        report = eligibility_report(programme=programme, user=world.users["coordinator"], as_of=TODAY)
    assert len(report.ranked) == 2
    statements = [q["sql"] for q in queries.captured_queries]
    jit_off = [i for i, sql in enumerate(statements) if sql == "SET LOCAL jit = off"]
    if connection.vendor == "postgresql":
        pool = next(i for i, sql in enumerate(statements) if '"registry_worker"."nik_regency_code"' in sql)
        assert jit_off == [pool - 1]
    else:
        assert jit_off == []


def test_the_page_shows_the_known_figures(world: World) -> None:
    """Five candidates: three eligible (one a female head, one with desil 1), one already covered, one who died."""
    programme = make_programme(world)
    plain, head, poor, covered, died = make_candidates(world, 5)
    head.female_head_of_household = True
    head.save()
    PovertyDecile.objects.create(region=world.medan, worker=poor, decile=1, source=DecileSource.DTKS, as_of=TODAY)
    make_membership(covered, None)
    Membership.objects.create(worker=died, payer_kind="self", segment="BPU", programs=Program.JKK | Program.JKM,
                              wage=1_000_000, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2025, 1, 1),
                              end_reason="death")  # fmt: skip
    page = client_for(world.users["coordinator"]).get(f"{BASE}/{programme.pk}/daftar-tunggu/")
    report = page.context["report"]
    pool = candidate_pool(user=world.users["coordinator"], programme=programme).count()
    assert pool == 6  # the five and the world's proposed worker (no vulnerable group)
    assert [c.worker_id for c in page.context["ranked"]] == [head.pk, poor.pk, plain.pk]
    assert [c.score for c in page.context["ranked"]] == [40 + 20 + 10, 30 + 20 + 10, 20 + 10]
    assert report.failing == {"active": 1, "alive": 1, "vulnerable": 1}
    assert len(report.ineligible) == 3
    body = page.content.decode()
    assert "Daftar tunggu (3 pekerja layak)" in body
    assert "Tercatat meninggal dunia" in body and "Sudah ditanggung program kota" in body
