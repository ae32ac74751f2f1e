"""Bulk import benchmark: a 100,000-row XLSX (without and with a title row) and a 1,000,000-row CSV validated and
imported (SQLite or PostgreSQL).

Each file is an employer worker list with valid synthetic NIKs (Kota Medan kecamatan, consistent birth date
and sex), 70 % with a phone number, wages as text with thousand separators, programmes left to the defaults
of each employer's size, rows spread over 2,000 employers. The run uses a fresh SQLite database in a
temporary directory (migrated and loaded with Kota Medan before the clock starts) and the importer of the
pages and the CLI: ``import_job_create`` + ``import_job_validate`` (read, check, plan, store the encrypted
plan) then ``import_job_confirm`` + ``import_job_run`` (encrypt NIK and phone, insert workers and
memberships in one transaction — COPY on PostgreSQL, ``executemany`` on SQLite —, one audit entry).

The titled XLSX is the same kind of list under a title merged across the columns and a blank row (the header on
row 3): the reader finds the header there, and should cost what a list without a title costs. Each file's
*read* (the importer's reader alone, header search included) is timed on its own beside the read baseline.

Baselines, measured in the same run on the same file: python-calamine reading the whole sheet into Python
values (``to_python``) for the XLSX; calamine reads no CSV, so for the CSV it is Polars reading it. And a bare
write: the rows the import just wrote, copied by the same method (``executemany`` / COPY) into tables with the
same columns but no index, key or constraint.

    .venv/bin/python benchmarks/import.py                 # both files
    .venv/bin/python benchmarks/import.py --xlsx-rows 20000 --csv-rows 0          # a quick check (make bench)
    .venv/bin/python benchmarks/import.py --csv-rows 0 --titled-xlsx-rows 100000  # both XLSX files only
    .venv/bin/python benchmarks/import.py --db postgresql --url postgresql://postgres@127.0.0.1:55432/postgres
        [--bench-db lindung_bench_import]

On PostgreSQL the run uses the database ``--bench-db`` (default ``lindung_bench_import``) on the server of
``--url``: dropped and created again at the start and dropped at the end, so give each concurrent run its own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _bench import bench_db_name

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "NPP",
    "NIK",
    "Nama lengkap",
    "Tanggal lahir",
    "Jenis kelamin",
    "Nomor HP",
    "Upah",
    "Mulai berlaku",
    "Program",
]
EMPLOYERS = 2000
BENCH_DB = "lindung_bench_import"


def _setup(args: argparse.Namespace) -> Path:
    var = Path(tempfile.mkdtemp(prefix="lindung-bench-import-"))
    if args.db == "postgresql":
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {args.bench_db}")
            admin.execute(f"CREATE DATABASE {args.bench_db}")
        os.environ["DATABASE_URL"] = args.url.rsplit("/", 1)[0] + "/" + args.bench_db
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(LINDUNG_ENV="demo", LINDUNG_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="lindung.config.settings")
    os.environ.setdefault("LINDUNG_LOG_LEVEL", "WARNING")
    os.environ.setdefault("LINDUNG_DEBUG", "0")  # as in production: no query log
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_region", "kota-medan", verbosity=0)
    # A running server has these loaded; the clock should not count the first import of the modules.
    import lindung.registry.imports.commit
    import lindung.registry.imports.service  # noqa: F401

    return var


def _employers() -> list[str]:
    from lindung.core.models import Region
    from lindung.core.roles import Role
    from lindung.core.services import user_create_with_role
    from lindung.registry.models import Employer

    region = Region.objects.get(code="12.71")
    sizes = ["micro", "small", "medium", "large"]
    Employer.objects.bulk_create(
        Employer(
            region=region,
            kind="private",
            subkind="company",
            size=sizes[i % 4],
            name=f"PT Bench {i}",
            npp=f"9{i:07d}",
            kbli="47111",
            jkk_risk_group=1,
            jkk_risk_derived=1,
        )
        for i in range(EMPLOYERS)
    )
    user_create_with_role(username="bench", password="bench-password-2026", role=Role.COORDINATOR, region=region)
    return [f"9{i:07d}" for i in range(EMPLOYERS)]


def _rows(n: int, npps: list[str], seed: int, offset: int) -> list[list[str]]:
    from lindung.regions import synthetic

    rng = np.random.default_rng(seed)
    kec = np.array([f"12.71.{k:02d}" for k in range(1, 22)])[rng.integers(0, 21, size=n)]
    sexes = rng.choice(np.array(["M", "F"]), size=n)
    births = np.datetime64("2026-01-01") - rng.integers(18 * 365, 62 * 365, size=n).astype("timedelta64[D]")
    niks = synthetic.niks(kec, births, sexes, rng)
    names = synthetic.person_names(sexes, rng)
    wages = rng.integers(3_500, 12_000, size=n) * 1000
    prefixes = np.array(["0811", "0812", "0813", "0821", "0852", "0857", "0878", "0896"])[rng.integers(0, 8, size=n)]
    phones = rng.integers(1_000_000, 99_999_999, size=n)
    has_phone = rng.random(n) < 0.7
    out = []
    for i in range(n):
        birth = births[i].astype(dt.date)
        out.append(
            [
                npps[(i + offset) % len(npps)],
                str(niks[i]),
                names[i],
                birth.strftime("%d/%m/%Y"),
                "L" if sexes[i] == "M" else "P",
                f"{prefixes[i]}{int(phones[i]):08d}" if has_phone[i] else "",
                f"{int(wages[i]):,}".replace(",", "."),
                "01/01/2026",
                "",
            ]
        )
    return out


def _write_xlsx(path: Path, rows: list[list[str]], title: str | None = None) -> None:
    """The list from row 1; with a title, the title merged across the columns on row 1, the header on row 3."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    top = 0
    if title is not None:
        sheet.merge_range(0, 0, 0, len(HEADER) - 1, title)
        top = 2
    sheet.write_row(top, 0, HEADER)
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def _baseline(path: Path) -> tuple[str, float]:
    start = time.perf_counter()
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return "python-calamine to_python", time.perf_counter() - start
    import polars as pl

    pl.read_csv(path, infer_schema=False)
    return "polars read_csv (calamine reads no CSV)", time.perf_counter() - start


def _bare_write(job_id: int) -> float:
    """Seconds to write the rows of ``job_id`` again, same columns and method, into tables without indexes."""
    from django.db import connection, transaction

    from lindung.registry.models import Membership, Worker

    seconds = 0.0
    for model, where in ((Worker, "import_job_id"), (Membership, "import_job_id")):
        table, bare = model._meta.db_table, f"bench_bare_{model._meta.model_name}"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {bare}")
            cursor.execute(f"CREATE TABLE {bare} AS SELECT * FROM {table} WHERE 1 = 0")
            select = f"SELECT * FROM {table} WHERE {where} = {int(job_id)}"
            if connection.vendor == "postgresql":  # the rows as COPY text, sent back as they came
                with cursor.cursor.copy(f"COPY ({select}) TO STDOUT") as out:
                    data = b"".join(bytes(block) for block in out)
            else:
                cursor.execute(select)
                rows = cursor.fetchall()
                marks = ", ".join(["%s"] * len(cursor.description))
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {bare} FROM STDIN") as copy:
                    copy.write(data)
            else:
                cursor.executemany(f"INSERT INTO {bare} VALUES ({marks})", rows)
        seconds += time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {bare}")
    return seconds


def _read(path: Path) -> float:
    """Seconds of the importer's reader alone on the file (the best of two), header search included."""
    from lindung.registry.imports.columns import COLUMNS, header_fit
    from lindung.registry.imports.reader import read_upload

    columns, data, best = COLUMNS["employer_workers"], path.read_bytes(), float("inf")
    for _ in range(2):
        start = time.perf_counter()
        read_upload(data, path.name, header_fit=lambda cells: header_fit(cells, columns, frozenset()))
        best = min(best, time.perf_counter() - start)
    return best


def _import(path: Path) -> dict[str, float | int]:
    from django.contrib.auth import get_user_model

    from lindung.core.models import Region
    from lindung.registry.imports import service

    user = get_user_model().objects.get(username="bench")
    data = path.read_bytes()
    start = time.perf_counter()
    upload = service.import_job_create(
        user=user, kind="employer_workers", region=Region.objects.get(code="12.71"), file_name=path.name, data=data
    )
    job = service.import_job_validate(job=upload.job)
    validated = time.perf_counter()
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="valid_rows"))
    done = time.perf_counter()
    return {
        "validate": validated - start,
        "import": done - validated,
        "total": done - start,
        "rows": job.total_rows,
        "errors": job.error_rows,
        "workers": job.created_workers,
        "memberships": job.created_memberships,
        "bare write": _bare_write(job.pk),
    }


def _report(label: str, path: Path, limit: float | None) -> dict[str, float | int]:
    base_label, base = _baseline(path)
    read = _read(path)
    result = _import(path)
    print(
        f"\n{label}: {path.name}, {path.stat().st_size / 1e6:.1f} MB, {result['rows']:,} rows "
        f"({result['errors']} with errors; {result['workers']:,} workers, {result['memberships']:,} memberships)"
    )
    print(f"  baseline {base_label}: {base:.2f} s")
    print(f"  read (the importer's reader alone): {read:.2f} s   {read / base:.2f} × read baseline")
    bare = result["bare write"]
    print(f"  baseline bare write of the same rows (no index): {bare:.2f} s")
    for step in ("validate", "import", "total"):
        print(f"  {step:<9} {result[step]:7.2f} s   {result[step] / base:6.1f} × read baseline")
    print(f"  import / bare write: {result['import'] / bare:.1f} ×")
    if limit is None:
        print("  goal of issue #4: at 100,000 XLSX rows (< 20 s) and 1,000,000 CSV rows (< 120 s)")
    else:
        print(f"  goal: total under {limit:.0f} s — {'met' if result['total'] < limit else 'NOT met'}")
    return {**result, "read": read, "read baseline": base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument(
        "--titled-xlsx-rows", type=int, default=None, help="rows of the XLSX under a title (default: --xlsx-rows)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:55432/postgres")
    parser.add_argument(
        "--bench-db", type=bench_db_name, default=BENCH_DB, help="PostgreSQL: the database to create and drop"
    )
    args = parser.parse_args()
    var = _setup(args)
    work = Path(tempfile.mkdtemp(prefix="lindung-bench-files-"))
    try:
        npps = _employers()
        print(f"database: {args.db}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        plain: dict[str, float | int] | None = None
        if args.xlsx_rows:
            path = work / f"pekerja-{args.xlsx_rows}.xlsx"
            _write_xlsx(path, _rows(args.xlsx_rows, npps, seed=1, offset=0))
            plain = _report("XLSX", path, limit=20 if args.xlsx_rows == 100_000 else None)
        titled_rows = args.xlsx_rows if args.titled_xlsx_rows is None else args.titled_xlsx_rows
        if titled_rows:
            path = work / f"pekerja-{titled_rows}-judul.xlsx"
            _write_xlsx(path, _rows(titled_rows, npps, seed=3, offset=3), title="Daftar Pekerja PT Bench")
            titled = _report("XLSX under a title row", path, limit=20 if titled_rows == 100_000 else None)
            if plain is not None and titled_rows == args.xlsx_rows:
                print(
                    f"  titled / plain XLSX: read {titled['read'] / plain['read']:.2f} ×, "
                    f"validate {titled['validate'] / plain['validate']:.2f} ×"
                )
        if args.csv_rows:
            path = work / f"pekerja-{args.csv_rows}.csv"
            _write_csv(path, _rows(args.csv_rows, npps, seed=2, offset=7))
            _report("CSV", path, limit=120 if args.csv_rows == 1_000_000 else None)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(var, ignore_errors=True)
        if args.db == "postgresql":
            from django.db import connections

            connections.close_all()
            import psycopg

            with psycopg.connect(args.url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {args.bench_db}")


if __name__ == "__main__":
    main()
