"""Benchmark of the billing run: N active memberships billed end to end, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/billing.py --db sqlite [--rows 1000000]
    .venv/bin/python benchmarks/billing.py --db postgresql --url postgresql://postgres@127.0.0.1:55432/postgres
        [--bench-db lindung_bench_billing]

A fresh database (SQLite file in a temporary folder, or the PostgreSQL database ``lindung_bench_billing``, dropped
and created again) is migrated and filled with one region, N/25 employers, N workers and N memberships (80 % PU
paid by an employer, 15 % BPU paying for themselves, 3 % city programme, 2 % sponsor), set-based from a template
row (registered in 2025). Then the billing runs of 2026-01 (which also opens every payer's account) and 2026-02
are timed end to end: read the memberships from the database, compute, write lines, issue invoices. From the
first run it prints the rules-kernel time alone (the engine over the same N rows, best of 3) and the time of a
bare bulk write of the same line rows (same payload and method: binary COPY on PostgreSQL, executemany on
SQLite) into a table without keys or indexes, with this process's CPU time beside each (on SQLite all the work,
so a check that holds when other processes share the cores). Steps: ``write`` is the lines' COPY (on PostgreSQL into the
run's own table without indexes), ``invoices`` and ``key`` (the sorted build of the run's primary key and its
attachment as a partition) are parts of ``finalize``; ``accounts`` and ``compute`` count the chunks computed in
the run's own thread (on PostgreSQL the read-ahead computes the others while the run copies the chunk before).
``--keep`` keeps the database to look into it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from _bench import copy_template, setup_environment

PERIOD, NEXT = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
BENCH_DB = "lindung_bench_billing"


MEMBERSHIP_COLUMNS = {
    "payer_kind": "CASE WHEN g.x % 100 < 80 THEN 'employer' WHEN g.x % 100 < 95 THEN 'self' "
    "WHEN g.x % 100 < 98 THEN 'city_programme' ELSE 'sponsor' END",
    "sponsor_name": "CASE WHEN g.x % 100 >= 98 THEN 'CSR Bank Daerah' ELSE '' END",
    "segment": "CASE WHEN g.x % 100 < 80 THEN 'PU' ELSE 'BPU' END",
    "programs": "CASE WHEN g.x % 100 < 80 THEN 31 WHEN g.x % 3 = 0 THEN 7 ELSE 3 END",
    "wage": "CASE WHEN g.x % 100 < 80 THEN 3000000 + (g.x * 7919) % 15000000 ELSE 1000000 END",
    "valid_to": "NULL",
    "created_at": "'2025-01-01 00:00:00'",  # registered long before the months billed
}


def _workers(region: object, rows: int) -> int:
    """N workers copied from a template; returns the first new worker id."""
    from django.db import connection

    from lindung.registry.models import Worker

    template = Worker.objects.create(
        region=region,
        nik_cipher="x",
        nik_index="template",
        nik_masked="1271",
        name="Template",
        birth_date=dt.date(1980, 1, 1),
        sex="M",
    )
    if connection.vendor == "postgresql":
        birth = "DATE '1966-01-01' + ((g.x * 37) % 16000)::int4"
    else:
        birth = "date('1966-01-01', '+' || ((g.x * 37) % 16000) || ' days')"
    copy_template(Worker, template.pk, rows, {"nik_index": "'b' || g.x", "birth_date": birth})
    return template.pk + 1


def populate(rows: int) -> object:
    from django.db import connection, transaction

    from lindung.core.models import Region
    from lindung.registry.models import Employer, Membership

    with transaction.atomic():
        region = Region.objects.create(
            code="12.71",
            name="Kota Medan",
            kind="kota",
            province_code="12",
            province_name="Sumatera Utara",
            profile_slug="kota-medan",
        )
        sizes = ("small", "medium", "large")
        employers = Employer.objects.bulk_create(
            Employer(
                region=region,
                kind="private",
                subkind="company",
                size=sizes[i % 3],
                name=f"PT Bench {i}",
                jkk_risk_group=i % 5 + 1,
            )
            for i in range(max(rows // 25, 1))
        )
        first_worker = _workers(region, rows)
        template = Membership.objects.create(
            worker_id=first_worker - 1,
            payer_kind="self",
            segment="BPU",
            programs=3,
            wage=1_000_000,
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2020, 1, 31),
        )
        first, count = employers[0].pk, len(employers)
        copy_template(
            Membership,
            template.pk,
            rows,
            {
                **MEMBERSHIP_COLUMNS,
                "worker_id": f"g.x + {first_worker - 1}",
                "employer_id": f"CASE WHEN g.x % 100 < 80 THEN {first} + g.x % {count} END",
            },
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return region


def server_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server the benchmark runs on (Linux, server on this machine):
    the postmaster's children alive now, plus the children it has reaped (the read-ahead's and key build's
    connections, parallel workers), plus its own. None on SQLite or where the server's files are not readable.

    With the benchmark process's own CPU time this is all the work a run costs, whatever else shares the cores.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        directory = cursor.fetchone()[0]
    try:
        with open(os.path.join(directory, "postmaster.pid")) as pid_file:
            postmaster = int(pid_file.readline())
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            ppid, utime, stime, cutime, cstime = int(fields[1]), *(int(fields[i]) for i in (11, 12, 13, 14))
            if int(name) == postmaster:
                total += utime + stime + cutime + cstime
            elif ppid == postmaster:
                total += utime + stime
        return total / ticks
    except OSError:
        return None


def bare_write(stats: object) -> float:
    """The same line rows, same method, into a table without keys or indexes (one transaction)."""
    from django.db import connection, transaction

    from lindung.billing.run.columns import write_lines

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_bare_lines (LIKE billing_line)")
        else:
            cursor.execute("CREATE TABLE bench_bare_lines AS SELECT * FROM billing_line WHERE 0")
    start = time.perf_counter()
    with transaction.atomic():
        for columns in stats.lines:  # type: ignore[attr-defined]
            write_lines(columns, table="bench_bare_lines")
    return time.perf_counter() - start


def kernel(stats: object) -> float:
    import numpy as np

    from lindung.billing.run.columns import Inputs
    from lindung.billing.run.lines import amounts_for

    parts: list[Inputs] = stats.inputs  # type: ignore[attr-defined]
    whole = Inputs(*(np.concatenate([getattr(p, f) for p in parts]) for f in Inputs.__dataclass_fields__))
    months = np.full(len(whole), PERIOD.year * 12 + PERIOD.month - 1, dtype=np.int32)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        amounts_for(whole, months)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:55432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (to look into it)")
    parser.add_argument("--bench-db", default=BENCH_DB, help="PostgreSQL: the database to create and drop")
    args = parser.parse_args()
    setup_environment(db=args.db, url=args.url, bench_db=args.bench_db)
    try:
        measure(args)
    finally:
        if not args.keep:
            _clean_up(args)


def _clean_up(args: argparse.Namespace) -> None:
    """Remove the benchmark's database (a 1M-row SQLite file is about 0.7 GB)."""
    import shutil

    from django.db import connection

    connection.close()
    shutil.rmtree(os.environ["LINDUNG_VAR_DIR"], ignore_errors=True)
    if args.db == "postgresql":
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.bench_db}")


def _less(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def measure(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    region = populate(args.rows)
    print(f"database: {args.db}; populated {args.rows:,} memberships in {time.perf_counter() - start:.1f} s")
    print("load average (1, 5, 15 min) before the runs: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))

    from lindung.billing.models import Line
    from lindung.billing.run.runner import RunStats
    from lindung.billing.services import billing_run_execute, billing_run_start

    runs, cpus, servers = [], [], []
    for period, keep in ((PERIOD, True), (NEXT, False)):
        stats = RunStats(keep=keep)
        start, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
        run = billing_run_start(region=region, period=period, chunk_size=args.chunk, today=dt.date(2026, 3, 1))
        run = billing_run_execute(run=run, stats=stats)
        runs.append((run, stats, time.perf_counter() - start))
        cpus.append(time.process_time() - cpu)
        servers.append(_less(server_cpu(), server))
    (first, stats, end_to_end), (second, _stats, steady) = runs
    lines = Line.objects.filter(run=first).count()
    cpu, server = time.process_time(), server_cpu()
    bare = bare_write(stats)
    bare_cpu, bare_server = time.process_time() - cpu, _less(server_cpu(), server)
    for label, (run, st, seconds), used in zip(("first month (opens accounts)", "next month"), runs, cpus, strict=True):
        print(
            f"{label}: end to end {seconds:.2f} s, CPU of this process {used:.2f} s ({run.rows_done:,} lines, "
            f"{run.invoices_created:,} invoices, {run.adjustment_lines} adjustments, {run.status})"
        )
        print("  steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in st.seconds.items()))
        print(f"  chunks whose lines the read-ahead computed: {st.prepared} of {run.chunks_done}")
    print(f"rules kernel alone (same {first.rows_done:,} rows, best of 3): {kernel(stats):.3f} s")
    print(f"bare bulk write of the same {lines:,} rows: {bare:.2f} s, CPU of this process {bare_cpu:.2f} s")
    print(f"end to end / bare write: first month {end_to_end / bare:.2f}x, next month {steady / bare:.2f}x")
    print(f"CPU of this process, next month / bare write: {cpus[1] / bare_cpu:.2f}x (SQLite: all the work; a load-")
    print("  independent check when other processes share the cores)")
    if bare_server is not None and servers[1] is not None:
        work, bare_work = cpus[1] + servers[1], bare_cpu + bare_server
        print(
            f"PostgreSQL server CPU: first month {servers[0]:.2f} s, next month {servers[1]:.2f} s, bare write "
            f"{bare_server:.2f} s; all CPU (this process + server), next month / bare write: {work:.2f} s / "
            f"{bare_work:.2f} s = {work / bare_work:.2f}x; on 2 cores the next month cannot take less than "
            f"{work / 2:.2f} s"
        )
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))
    if first.status != "done" or second.status != "done" or lines != args.rows:
        sys.exit(1)


if __name__ == "__main__":
    main()
