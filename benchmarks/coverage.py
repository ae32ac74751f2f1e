"""Benchmark of the coverage dashboards at N memberships on SQLite: pre-aggregated pages against a naive baseline.

    .venv/bin/python benchmarks/coverage.py [--rows 2000000] [--repeat 30] [--naive-repeat 5]

A fresh SQLite database (temporary folder) is migrated, Kota Medan is loaded (21 kecamatan, 151 kelurahan, 29
agencies, the workforce estimates) and filled set-based from template rows: N/25 employers in ten KBLI sectors,
0.9 N workers spread over the kelurahan, and N memberships — one per worker (70 % PU with an employer, 25 % BPU,
5 % construction; starts spread over 2019–2026, one in twelve ended) plus 0.1 N earlier, ended rows of the same
workers. Then ``coverage_refresh`` is timed once (the background job), and each dashboard request is timed
``--repeat`` times through Django's test client (whole request: scope, queries, charts, template), after one
warm-up. The baseline, timed in the same run, is what a dashboard costs without pre-aggregates: the same
breakdowns counted per request from the memberships (distinct active workers by kecamatan, sector, sex, age
band, segment, each programme, and 13 month-ends of trend).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from _bench import copy_template, setup_environment

AS_OF = dt.date(2026, 11, 15)
KBLI = ["47111", "56101", "10710", "14111", "41011", "49431", "64191", "86103", "85220", "96011"]


def _setup() -> None:
    setup_environment(prefix="lindung-bench-coverage-")


def _employers(region: Any, count: int, villages: list[int], agencies: list[int]) -> int:
    from lindung.registry.models import Employer

    kbli = "CASE g.x % 10 " + " ".join(f"WHEN {i} THEN '{k}'" for i, k in enumerate(KBLI)) + " END"
    sizes = "CASE g.x % 4 WHEN 0 THEN 'micro' WHEN 1 THEN 'small' WHEN 2 THEN 'medium' ELSE 'large' END"
    e = Employer.objects.create(region=region, kind="private", subkind="company", size="small", name="PT Bench")
    copy_template(Employer, e.pk, count, {
        "kbli": kbli, "size": sizes, "npp": "''", "village_id": f"{villages[0]} + g.x % {len(villages)}",
        "agency_id": f"CASE WHEN g.x % 3 = 0 THEN {agencies[0]} + g.x % {len(agencies)} END",
    })  # fmt: skip
    return e.pk + 1


def _workers(region: Any, count: int, villages: list[int], agencies: list[int]) -> Any:
    from lindung.registry.models import Worker

    w = Worker.objects.create(region=region, nik_cipher="x", nik_index="template", nik_masked="1271", name="T",
                              birth_date=dt.date(1980, 1, 1), sex="M", village_id=villages[0])  # fmt: skip
    copy_template(Worker, w.pk, count, {
        "nik_index": "'b' || g.x", "sex": "CASE g.x % 2 WHEN 0 THEN 'M' ELSE 'F' END",
        "birth_date": "date('1962-01-01', '+' || ((g.x * 37) % 16000) || ' days')",
        "village_id": f"{villages[0]} + (g.x * 7) % {len(villages)}",
        "proposed_by_agency_id": f"CASE WHEN g.x % 20 = 0 THEN {agencies[0]} + g.x % {len(agencies)} END",
    })  # fmt: skip
    return w


def _memberships(template: Any, rows: int, workers: int, employers: tuple[int, int], agencies: list[int]) -> None:
    """One current membership per worker (one in twelve ended), then earlier ended rows of some workers."""
    from lindung.registry.models import Membership

    first_worker, (first_employer, count) = template.pk + 1, employers
    m = Membership.objects.create(worker=template, payer_kind="self", segment="BPU", programs=3, wage=1_000_000,
                                  valid_from=dt.date(2019, 1, 1), valid_to=dt.date(2019, 1, 31))  # fmt: skip
    pu = "g.x % 20 < 14"
    start = "((g.x * 3571) % 2870)"
    copy_template(Membership, m.pk, workers, {
        "worker_id": f"g.x + {first_worker - 1}",
        "segment": f"CASE WHEN {pu} THEN 'PU' WHEN g.x % 20 = 19 THEN 'JASA_KONSTRUKSI' ELSE 'BPU' END",
        "payer_kind": f"CASE WHEN {pu} THEN 'employer' WHEN g.x % 20 = 18 THEN 'city_programme' ELSE 'self' END",
        "employer_id": f"CASE WHEN {pu} THEN {first_employer} + g.x % {count} END",
        "agency_id": f"CASE WHEN g.x % 20 = 18 THEN {agencies[0]} + g.x % {len(agencies)} END",
        "programs": f"CASE WHEN {pu} THEN (CASE g.x % 3 WHEN 0 THEN 31 WHEN 1 THEN 15 ELSE 7 END) ELSE 3 END",
        "wage": f"CASE WHEN {pu} THEN 3500000 + (g.x * 7919) % 9000000 ELSE 1000000 END",
        "valid_from": f"date('2019-01-01', '+' || {start} || ' days')",
        "valid_to": f"CASE WHEN g.x % 12 = 0 THEN date('2019-01-01', '+' || ({start} + 400) || ' days') END",
    })  # fmt: skip
    copy_template(Membership, m.pk, rows - workers, {
        "worker_id": f"{first_worker} + (g.x * 9) % {workers}",
        "valid_from": "date('2017-01-01', '+' || ((g.x * 13) % 700) || ' days')",
        "valid_to": "date('2017-01-01', '+' || ((g.x * 13) % 700 + 300) || ' days')",
    })  # fmt: skip


def populate(rows: int) -> Any:
    from django.db import connection, transaction

    from lindung.core.models import Agency, Region, Village
    from lindung.core.services import region_profile_load
    from lindung.core.workforce import workforce_load_estimates
    from lindung.regions.profile import load_profile

    region_profile_load(profile=load_profile("kota-medan"))
    region = Region.objects.get(code="12.71")
    workforce_load_estimates(region=region)
    villages = list(Village.objects.filter(district__region=region).order_by("pk").values_list("pk", flat=True))
    agencies = list(Agency.objects.filter(region=region).order_by("pk").values_list("pk", flat=True))
    workers, employers = rows * 9 // 10, max(rows // 25, 1)
    with transaction.atomic():
        first_employer = _employers(region, employers, villages, agencies)
        template = _workers(region, workers, villages, agencies)
        _memberships(template, rows, workers, (first_employer, employers), agencies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return region


def users(region: Any) -> dict[str, Any]:
    from lindung.core.models import Agency, Branch
    from lindung.core.roles import Role
    from lindung.core.services import user_create_with_role

    agency = Agency.objects.get(region=region, code="dishub")
    branch = Branch.objects.filter(regions=region).first()
    return {
        "coordinator": user_create_with_role(username="k", password="x" * 12, role=Role.COORDINATOR, region=region),
        "agency": user_create_with_role(
            username="d", password="x" * 12, role=Role.AGENCY_OFFICER, region=region, agency=agency
        ),
        "branch": user_create_with_role(username="b", password="x" * 12, role=Role.BRANCH_OFFICER, branch=branch),
    }


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    call()  # warm-up: imports, caches, the session
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def naive_dashboard(user: Any, as_of: dt.date) -> dict[str, Any]:
    """The dashboard's breakdowns counted per request from the memberships (no pre-aggregates)."""
    from django.db.models import Count, F, Q

    from lindung.core.scoping import scoped
    from lindung.coverage.dimensions import month_end
    from lindung.registry.models import Membership

    def active(day: dt.date) -> Any:
        rows = Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
        return scoped(rows, user)

    def by(field: str) -> dict[Any, int]:
        return dict(active(as_of).values_list(field).annotate(n=Count("worker", distinct=True)).order_by())

    out: dict[str, Any] = {
        name: by(field)
        for name, field in [
            ("district", "worker__village__district_id"),
            ("sector", "employer__kbli"),
            ("sex", "worker__sex"),
            ("birth_year", "worker__birth_date__year"),
            ("segment", "segment"),
        ]
    }
    out["programmes"] = {
        bit: active(as_of).annotate(b=F("programs").bitand(bit)).filter(b__gt=0).values("worker").distinct().count()
        for bit in (1, 2, 4, 8, 16)
    }
    ends, day = [], as_of
    for _ in range(13):
        day = month_end(day.replace(day=1) - dt.timedelta(days=1))
        ends.append(day)
    out["trend"] = [active(day).values("worker").distinct().count() for day in ends]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--naive-repeat", type=int, default=5)
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    region = populate(args.rows)
    print(f"SQLite; populated {args.rows:,} memberships in {time.perf_counter() - start:.1f} s")

    from lindung.coverage.refresh import coverage_refresh

    result = coverage_refresh(region=region, as_of=AS_OF)
    print(
        f"coverage_refresh (first): {result.snapshots} snapshots, {result.figures:,} figures in {result.seconds:.1f} s"
    )
    again = coverage_refresh(region=region, as_of=AS_OF)
    print(f"coverage_refresh (nothing changed): {again.rewritten} snapshots rewritten in {again.seconds:.1f} s")
    people = users(region)
    clients = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = [
        ("coordinator: city dashboard", "coordinator", "/cakupan/"),
        ("coordinator: dashboard as of 2024-06-30", "coordinator", "/cakupan/?tanggal=2024-06-30"),
        ("coordinator: kecamatan drill-down", "coordinator", "/cakupan/kecamatan/12.71.07/"),
        ("agency officer (Dishub) dashboard", "agency", "/cakupan/"),
        ("branch officer dashboard", "branch", "/cakupan/"),
    ]
    print(f"\n| request (whole page, {args.repeat} runs) | p50 ms | p95 ms |\n|---|---:|---:|")
    for label, who, url in pages:
        p50, p95 = timed(lambda c=clients[who], u=url: _ok(c.get(u)), args.repeat)
        print(f"| {label} | {p50:.0f} | {p95:.0f} |")
    p50, p95 = timed(lambda: naive_dashboard(people["coordinator"], AS_OF), args.naive_repeat)
    print(f"| baseline: naive per-request aggregate, city ({args.naive_repeat} runs) | {p50:.0f} | {p95:.0f} |")


def _ok(response: Any) -> None:
    if response.status_code != 200:
        sys.exit(f"unexpected status {response.status_code}")


if __name__ == "__main__":
    main()
