"""A billing run killed half-way (the process exits inside a chunk) and started again ends identical to an
uninterrupted run. The run happens in a subprocess (`lindung billing run`) on two copies of the same database."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from lindung.billing.run.runner import KILL_ENV, KILLED_EXIT
from lindung.billing.run.storage import line_table
from tests.billing.conftest import add_membership
from tests.factories import World, make_employer, make_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
TABLES = {
    "billing_line": "SELECT * FROM billing_line ORDER BY run_id, account_id, membership_id, kind, covers_period",
    "billing_invoice": "SELECT account_id, period, run_id, amount_due, jkk, jkm, jht, jp, line_count, status, due_date "
    "FROM billing_invoice ORDER BY account_id",
    "billing_billingaccount": "SELECT id, kind, ref, sponsor_name, region_id FROM billing_billingaccount ORDER BY id",
    "billing_billingrun": "SELECT status, phase, cursor, rows_done, invoices_created FROM billing_billingrun",
}


def _seed(world: World) -> None:
    employers = [make_employer(world.medan, f"PT Potongan {i}") for i in range(4)]
    for i in range(36):
        worker = make_worker(world.medan, f"127101090{i:03d}0{i % 9}01", f"Pekerja Potongan {i}")
        if i % 4 == 3:
            add_membership(worker, payer_kind="self", segment="BPU", programs=3, wage=1_000_000)
        else:
            add_membership(worker, payer_kind="employer", employer=employers[i % 4], wage=4_000_000 + 10_000 * i)


def _drop(url: str, names: list[str]) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")


def _copies(tmp: Path, cleanups: list[Any]) -> tuple[dict[str, str], dict[str, str], Any]:
    """Two copies of the test database and the environment a subprocess needs to use each."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINDUNG_", "DATABASE_URL"))}
    base |= {"DJANGO_SETTINGS_MODULE": "lindung.config.settings_test", "LINDUNG_VAR_DIR": str(tmp)}
    if connection.vendor == "postgresql":
        import psycopg

        source = connection.settings_dict["NAME"]
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        connection.close()
        names = [f"{source}_kill_{i}" for i in (1, 2)]
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")
                admin.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
        cleanups.append(lambda: _drop(url, names))
        envs = [base | {"DATABASE_URL": f"{url}/{name}"} for name in names]
        return envs[0], envs[1], lambda env: psycopg.connect(env["DATABASE_URL"])
    paths = [tmp / "interrupted.sqlite3", tmp / "uninterrupted.sqlite3"]
    for path in paths:
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    envs = [base | {"DATABASE_URL": f"sqlite:///{path}"} for path in paths]
    return envs[0], envs[1], lambda env: sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))


def _bill(env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "lindung.cli",
        "billing",
        "run",
        "--period",
        "2026-01",
        "--region",
        "12.71",
        "--chunk-size",
        "5",
        "--no-progress",
    ]
    return subprocess.run(command, env=env | extra, capture_output=True, text=True, timeout=120)


def _dump(connect: Any, env: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    with connect(env) as db:
        cursor = db.cursor()
        out = {}
        for table, query in TABLES.items():
            cursor.execute(query)
            out[table] = [tuple(str(v) if isinstance(v, dt.date) else v for v in row) for row in cursor.fetchall()]
        return out


def _written(connect: Any, env: dict[str, str]) -> int:
    """Lines the run has written so far: on PostgreSQL in its own table, attached only when the run is done."""
    with connect(env) as db:
        cursor = db.cursor()
        cursor.execute("SELECT id FROM billing_billingrun")
        cursor.execute(f"SELECT COUNT(*) FROM {line_table(cursor.fetchone()[0])}")  # noqa: S608 (integer id)
        return int(cursor.fetchone()[0])


@pytest.fixture
def cleanups() -> Any:
    done: list[Any] = []
    yield done
    for cleanup in done:
        cleanup()


def test_a_killed_run_resumes_and_ends_identical_to_an_uninterrupted_one(
    world: World, tmp_path: Path, cleanups: list[Any]
) -> None:
    _seed(world)
    interrupted, uninterrupted, connect = _copies(tmp_path, cleanups)
    killed = _bill(interrupted, **{KILL_ENV: "2"})
    assert killed.returncode == KILLED_EXIT, killed.stderr[-2000:]
    half = _dump(connect, interrupted)
    assert half["billing_billingrun"][0][:2] == ("running", "lines")
    assert _written(connect, interrupted) == half["billing_billingrun"][0][3] > 0  # two chunks committed, not the third
    assert len(half["billing_line"]) == (0 if connection.vendor == "postgresql" else half["billing_billingrun"][0][3])
    assert half["billing_invoice"] == []
    resumed = _bill(interrupted)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    straight = _bill(uninterrupted)
    assert straight.returncode == 0, straight.stderr[-2000:]
    final, expected = _dump(connect, interrupted), _dump(connect, uninterrupted)
    assert final == expected
    assert len(final["billing_line"]) == 38 and final["billing_billingrun"][0][0] == "done"
    assert len(final["billing_invoice"]) == 5 + 9  # five employers, nine workers paying for themselves
