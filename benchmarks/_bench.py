"""What the benchmark scripts share: a throw-away database and set-based filling from a template row.

Scripts import it as ``_bench`` (they run as ``python benchmarks/<name>.py``, so this folder is on the path).
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from typing import Any


def bench_db_name(text: str) -> str:
    """``--bench-db``: a plain PostgreSQL name, since the scripts drop and create it by name."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", text):
        raise argparse.ArgumentTypeError("lower-case letters, digits and _ only (a PostgreSQL database name)")
    return text


def setup_environment(*, db: str = "sqlite", url: str = "", bench_db: str = "", prefix: str = "lindung-bench-") -> None:
    """Point Django at a fresh SQLite file in a temporary folder, or at ``bench_db`` (dropped and created
    again) on the PostgreSQL server of ``url``; then set Django up."""
    os.environ["LINDUNG_VAR_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ["LINDUNG_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lindung.config.settings_test"
    if db == "postgresql":
        import psycopg

        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {bench_db}")
            admin.execute(f"CREATE DATABASE {bench_db}")
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_db
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def numbers(n: int) -> str:
    """A row source ``g`` with column ``x`` = 1..n, in the connected database's SQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"generate_series(1::int8, {n}::int8) AS g(x)"
    return f"(WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < {n}) SELECT x FROM s) AS g"


def copy_template(model: Any, template_id: int, n: int, overrides: dict[str, str]) -> None:
    """Insert ``n`` rows copied from one template row, some columns computed from the row number ``g.x``."""
    from django.db import connection

    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    select = ", ".join(overrides.get(c, f"t.{c}") for c in columns).replace("%", "%%")
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {numbers(n)}, {table} t WHERE t.id = %s",
            [template_id],
        )


def best_of(call: Any, repeat: int) -> tuple[float, float, Any]:
    """Best wall time and best CPU time of this process (SQLite runs in it; on a shared machine CPU time is the
    steadier figure), and the result."""
    wall = cpu = float("inf")
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result
