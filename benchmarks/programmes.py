"""Benchmark of the programme's waiting list: N candidates assessed and ranked, columnar against row by row.

    .venv/bin/python benchmarks/programmes.py [--rows 50000] [--db sqlite|postgresql --url URL]
        [--bench-db lindung_bench_programmes]

A fresh database (SQLite in a temporary folder, or on PostgreSQL the database ``--bench-db``, by default
``lindung_bench_programmes``, dropped and created again, and dropped at the end: give each concurrent run its
own) is migrated and filled set-based with one region, a running programme and N workers of the region (70 % in
a vulnerable group; every 5th with an active membership, every 50th merged, every 7th a female
head of household, every 3rd with a poverty decile). Then, in the same run:

* baseline: the row-by-row assessment the waiting list used before (one ``.values()`` dict and one Candidate
  with seven Check objects per worker, then a Python sort), kept below as it was;
* columnar: ``eligibility.waiting_list`` (one cursor read into polars, checks and score as column
  expressions, one sort) plus building the first page of 50 Candidates, as the page does.

Each is timed end to end from the database (best of 5; the baseline once when N > 10,000), as wall time and as
this process's CPU time; both must rank the same workers in the same order.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

from _bench import bench_db_name, best_of, copy_template, setup_environment

BENCH_DB = "lindung_bench_programmes"
TODAY = dt.date(2026, 3, 10)


def populate(rows: int) -> Any:
    from django.db import connection, transaction

    from lindung.core.models import Region
    from lindung.programmes.models import PovertyDecile, Programme
    from lindung.registry.models import Membership, Worker

    if connection.vendor == "postgresql":
        birth = "DATE '1960-01-01' + ((g.x * 37) % 17000)::int4"
        created = "TIMESTAMP '2025-01-01' + (g.x % 5000) * INTERVAL '1 minute'"
    else:
        birth = "date('1960-01-01', '+' || ((g.x * 37) % 17000) || ' days')"
        created = "datetime('2025-01-01', '+' || (g.x % 5000) || ' minutes')"
    with transaction.atomic():
        region = Region.objects.create(code="12.71", name="Kota Medan", kind="kota", province_code="12",
                                       province_name="Sumatera Utara", profile_slug="kota-medan")  # fmt: skip
        template = Worker.objects.create(region=region, nik_cipher="x", nik_index="template", nik_masked="1271",
                                         nik_regency_code="12.71", name="Template", birth_date=dt.date(1980, 1, 1),
                                         sex="F")  # fmt: skip
        copy_template(Worker, template.pk, rows, {
            "nik_index": "'b' || g.x", "name": "'Pekerja ' || g.x", "birth_date": birth, "created_at": created,
            "vulnerability_category": "CASE WHEN g.x % 10 < 7 THEN 'fisher' ELSE '' END",
            "female_head_of_household": "g.x % 7 = 0", "disability": "g.x % 23 = 0",
            "merged_into_id": f"CASE WHEN g.x % 50 = 0 THEN {template.pk} END",
        })  # fmt: skip
        first = template.pk + 1
        member = Membership.objects.create(worker=template, payer_kind="self", segment="BPU", programs=3,
                                           wage=1_000_000, valid_from=dt.date(2025, 1, 1))  # fmt: skip
        copy_template(Membership, member.pk, rows // 5, {"worker_id": f"{first - 5} + g.x * 5"})
        decile = PovertyDecile.objects.create(region=region, worker=template, decile=1, source="dtks",
                                              as_of=dt.date(2025, 8, 1))  # fmt: skip
        copy_template(
            PovertyDecile, decile.pk, rows // 3, {"worker_id": f"{first - 3} + g.x * 3", "decile": "1 + g.x % 10"}
        )
        programme = Programme.objects.create(region=region, year=2026, name="Bench", budget=10**12, programs=3,
                                             declared_income=1_000_000, status="active")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return programme


def baseline(programme: Any, day: dt.date) -> list[int]:
    """The waiting list as it was computed before: one dict and one Candidate per worker, then a Python sort."""
    from django.db.models import Q

    from lindung.programmes.models import Criterion, PovertyDecile, ProposalRow, RowStatus, decile_points
    from lindung.programmes.selectors.eligibility import Candidate, Check, age_bounds, age_on, rank, region_pool
    from lindung.programmes.selectors.eligibility import vulnerable_categories as groups
    from lindung.registry.models import EndReason, Membership, PayerKind

    workers = region_pool(programme)
    ids = workers.values("pk")
    active: dict[int, str] = {}
    current = Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), worker__in=ids)
    for worker_id, payer in current.values_list("worker_id", "payer_kind"):
        if active.get(worker_id) != PayerKind.CITY_PROGRAMME:
            active[worker_id] = payer
    history = set(Membership.objects.filter(worker__in=ids).values_list("worker_id", flat=True))
    ended = Membership.objects.filter(worker__in=ids, end_reason__in=[EndReason.DEATH, EndReason.MOVED_AWAY])
    departed = dict(ended.order_by("valid_to").values_list("worker_id", "end_reason"))
    rows = ProposalRow.objects.filter(programme=programme.pk, status=RowStatus.PENDING, worker__in=ids)
    pending = set(rows.values_list("worker_id", flat=True))
    deciles = dict(PovertyDecile.objects.filter(worker__in=ids).values_list("worker_id", "decile"))
    low, high = age_bounds(programme, day)
    region, found = programme.region, []
    fields = ("pk", "name", "nik_masked", "nik_regency_code", "region_id", "birth_date", "vulnerability_category",
              "female_head_of_household", "disability", "proposed_by_agency_id", "proposed_by_agency__name",
              "village__district_id", "village__district__name", "village__district__region_id", "merged_into_id",
              "created_at")  # fmt: skip
    for row in workers.values(*fields):
        pk, age, gone = row["pk"], age_on(row["birth_date"], day), departed.get(row["pk"], "")
        resident = gone != EndReason.MOVED_AWAY and row["region_id"] == region.pk and (
            row["nik_regency_code"] == region.code or row["village__district__region_id"] == region.pk)  # fmt: skip
        vulnerable = row["vulnerability_category"] in groups() or row["female_head_of_household"] or row["disability"]
        checks = [Check("resident", resident), Check("alive", gone != EndReason.DEATH),
                  Check("age", low <= age <= high), Check("active", pk not in active),
                  Check("vulnerable", bool(vulnerable)), Check("pending", pk not in pending),
                  Check("merged", row["merged_into_id"] is None)]  # fmt: skip
        met = {Criterion.FEMALE_HEAD: row["female_head_of_household"], Criterion.DISABILITY: row["disability"],
               Criterion.OLDER_WORKER: age >= 50, Criterion.NEVER_COVERED: pk not in history,
               Criterion.PROPOSED: row["proposed_by_agency_id"] is not None,
               Criterion.POVERTY: 1 <= deciles.get(pk, 0) <= 4}  # fmt: skip
        criteria = [str(k) for k, ok in met.items() if ok]
        score = sum(programme.weight(c) for c in criteria if c != Criterion.POVERTY)
        score += decile_points(programme.weight(Criterion.POVERTY), deciles.get(pk))
        found.append(Candidate(worker_id=pk, name=row["name"], nik_masked=row["nik_masked"],
                               district_id=row["village__district_id"], district=row["village__district__name"] or "–",
                               category=row["vulnerability_category"], agency_id=row["proposed_by_agency_id"],
                               agency=row["proposed_by_agency__name"] or "", age=age, registered=row["created_at"],
                               checks=checks, criteria=criteria, score=score))  # fmt: skip
    return [c.worker_id for c in rank(c for c in found if c.eligible)]


def columnar(programme: Any, day: dt.date) -> tuple[list[int], int]:
    from lindung.programmes.selectors.eligibility import assessment, region_pool

    ranked = assessment(programme=programme, workers=region_pool(programme), as_of=day).ranked()
    page = ranked[:50]  # what the waiting-list page builds
    return ranked.worker_ids(), len(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:55432/postgres")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--bench-db", type=bench_db_name, default=BENCH_DB, help="PostgreSQL: the database to create and drop"
    )
    args = parser.parse_args()
    setup_environment(db=args.db, url=args.url, bench_db=args.bench_db)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    start = time.process_time()
    sum(range(10_000_000))
    print(f"machine: sum(range(10M)) in {time.process_time() - start:.2f} s CPU (for scale across machines)")
    start = time.perf_counter()
    programme = populate(args.rows)
    print(f"{connection.vendor}: {args.rows:,} candidates written in {time.perf_counter() - start:.1f} s")
    old_s, old_cpu, old_ids = best_of(lambda: baseline(programme, TODAY), 1 if args.rows > 10_000 else 3)
    new_s, new_cpu, (new_ids, _page) = best_of(lambda: columnar(programme, TODAY), 5)
    if old_ids != new_ids:
        sys.exit("the columnar waiting list differs from the row-by-row one")
    print(f"eligible and ranked: {len(new_ids):,} of {args.rows:,}")
    print(f"row by row (baseline): {old_s:.3f} s wall, {old_cpu:.3f} s CPU")
    print(f"columnar:              {new_s:.3f} s wall, {new_cpu:.3f} s CPU  ({old_s / new_s:.1f}x wall)")
    if args.db == "postgresql":
        connection.close()
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.bench_db}")


if __name__ == "__main__":
    main()
