"""Benchmark of the waiting-list page's read: the whole pool read into Python against the database's own ranking.

    .venv/bin/python benchmarks/waiting_list.py [--rows 50000] [--db sqlite|postgresql --url URL]
        [--bench-db lindung_bench_waiting | --in-place] [--page 1]

On PostgreSQL the database ``--bench-db`` is dropped, created and dropped again; with ``--in-place`` the database
of ``--url`` itself is used instead (migrated, then filled and measured in one transaction that is rolled back,
so the rows leave nothing behind): for a shared server where you may only use your own database.

The registry is the one benchmarks/programmes.py fills (one region, a running programme, N workers of the region
written set-based: 70 % in a vulnerable group, every 5th with an active membership, every 50th merged, every 7th
a female head of household, every 3rd with a poverty decile), seen by a city coordinator. In the same run:

* baseline: what the page read before, ``eligibility.eligibility_report`` (every worker of the pool read into
  polars, checked, scored and sorted) and then the page's 50 ranked Candidates and the first 200 refused ones;
* database: ``waiting.waiting_report`` (the counts by check in one aggregate, the first 200 refused by name and
  the page's 50 ids ranked by the database) and the same Candidates built for those rows only.

Both must give the same page, the same refused rows, the same counts (the script exits otherwise). Best of 5,
wall time and this process's CPU time (SQLite runs in the process; PostgreSQL's work is in the server, so its
CPU time here is the client's only).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from typing import Any

from _bench import bench_db_name, best_of, setup_environment

from programmes import TODAY, populate

BENCH_DB = "lindung_bench_waiting"
PER_PAGE = 50


def coordinator(programme: Any) -> Any:
    from django.contrib.auth import get_user_model

    from lindung.core.models import UserProfile
    from lindung.core.roles import Role

    user = get_user_model().objects.create_user(username="bench-koordinator", password="x")
    UserProfile.objects.create(user=user, role=Role.COORDINATOR, region=programme.region)
    return user


def before(programme: Any, user: Any, page: int) -> tuple[list[Any], list[Any], dict[str, int], int]:
    from django.core.paginator import Paginator

    from lindung.programmes.selectors.eligibility import eligibility_report

    report = eligibility_report(programme=programme, user=user, as_of=TODAY)
    shown = list(Paginator(report.ranked, PER_PAGE).get_page(page))
    return shown, list(report.ineligible[:200]), report.failing, len(report.ranked)


def after(programme: Any, user: Any, page: int) -> tuple[list[Any], list[Any], dict[str, int], int]:
    from django.core.paginator import Paginator

    from lindung.programmes.selectors.waiting import waiting_report

    report = waiting_report(programme=programme, user=user, as_of=TODAY)
    shown = list(Paginator(report.ranked, PER_PAGE).get_page(page))
    return shown, report.ineligible, report.failing, len(report.ranked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:55432/postgres")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--page", type=int, default=1, help="the page of 50 ranked workers read")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--bench-db", type=bench_db_name, default=BENCH_DB, help="PostgreSQL: the database to create and drop"
    )
    parser.add_argument("--in-place", action="store_true", help="PostgreSQL: use --url's database, roll back")
    args = parser.parse_args()
    if args.db == "postgresql" and args.in_place:
        _in_place(args.url)
    else:
        setup_environment(db=args.db, url=args.url, bench_db=args.bench_db, prefix="lindung-bench-waiting-")
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        measure(args)
        transaction.set_rollback(True)  # nothing stays (it matters with --in-place)
    if args.db == "postgresql" and not args.in_place:
        connection.close()
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.bench_db}")


def _in_place(url: str) -> None:
    os.environ.update({"LINDUNG_VAR_DIR": tempfile.mkdtemp(prefix="lindung-bench-waiting-"), "LINDUNG_DEBUG": "0",
                       "DJANGO_SETTINGS_MODULE": "lindung.config.settings_test", "DATABASE_URL": url})  # fmt: skip
    import django

    django.setup()


def measure(args: argparse.Namespace) -> None:
    from django.db import connection

    start = time.perf_counter()
    programme = populate(args.rows)
    user = coordinator(programme)
    print(f"{connection.vendor}: {args.rows:,} workers written in {time.perf_counter() - start:.1f} s")
    old_s, old_cpu, old = best_of(lambda: before(programme, user, args.page), args.repeat)
    new_s, new_cpu, new = best_of(lambda: after(programme, user, args.page), args.repeat)
    if old != new:
        sys.exit("the database's page differs from the whole-pool read's")
    print(f"page {args.page}: {len(new[0])} ranked of {new[3]:,} eligible, {len(new[1])} refused shown, {new[2]}")
    print(f"whole pool read (baseline): {old_s:.3f} s wall, {old_cpu:.3f} s CPU")
    print(f"database ranks and counts:  {new_s:.3f} s wall, {new_cpu:.3f} s CPU  ({old_s / new_s:.2f}x wall)")


if __name__ == "__main__":
    main()
