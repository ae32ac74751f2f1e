"""Planner statistics after bulk writes (core.db): the tables named get statistics the planner reads."""

from __future__ import annotations

from django.db import connection

from lindung.core.db import planner_statistics_refresh
from lindung.registry.models import Worker
from tests.factories import World


def has_statistics(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        return bool(cursor.fetchone()[0])


def forget_statistics(table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone()[0]:
                cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            # pg_statistic is kept per column; a fresh table without rows analysed has none
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [table])


def test_refresh_gives_the_named_tables_statistics(world: World) -> None:
    table = Worker._meta.db_table
    forget_statistics(table)
    assert not has_statistics(table)
    seconds = planner_statistics_refresh([table])
    assert seconds >= 0
    assert has_statistics(table)
