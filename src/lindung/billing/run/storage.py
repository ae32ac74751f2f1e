"""Where a run's lines go: on PostgreSQL a table of the run's own, attached as its partition at the end.

PostgreSQL: ``billing_line`` is partitioned by run (migration 0002, ADR 0004). A run writes its lines into
``billing_line_run_<id>``, a table without indexes (only a check that every row is the run's), chunk by chunk,
each COPY committed with the run's checkpoint. Finalizing builds the primary key once, sorted, and attaches
the table as the run's partition in the transaction that issues the invoices: until then no page sees the
lines, and a run killed at any point resumes with its table as its last checkpoint left it.
SQLite: the lines go straight into ``billing_line``.
"""

from __future__ import annotations

from django.db import connection

from lindung.billing.models import Line

KEY = "run_id, account_id, membership_id, kind, covers_period"


def partitioned() -> bool:
    return connection.vendor == "postgresql"


def line_table(run_id: int) -> str:
    """The table the run's lines are written to and read from until the run is done."""
    return f"billing_line_run_{int(run_id)}" if partitioned() else Line._meta.db_table


def stage_create(run_id: int) -> None:
    """A fresh, index-free table for the run's lines (called once, when the run starts from nothing).

    A run at its first chunk has no lines anywhere, so a table of that name can only be a leftover (a test
    database flushed under its partitions): it is dropped.
    """
    if not partitioned():
        return
    name, parent = line_table(run_id), Line._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TABLE {name} (LIKE {parent}, CONSTRAINT {name}_run CHECK (run_id = {int(run_id)}))")


def stage_attach(run_id: int) -> None:
    """Build the key (one sorted pass) and the adjustments index, and attach the table as the run's partition.

    The check constraint proves the partition bound, so attaching does not scan the rows again.
    """
    if not partitioned():
        return
    name, parent = line_table(run_id), Line._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY ({KEY})")
        cursor.execute(f"CREATE INDEX {name}_adjustments ON {name} (covers_period, membership_id) WHERE kind = 1")
        cursor.execute(f"ALTER TABLE {parent} ATTACH PARTITION {name} FOR VALUES IN ({int(run_id)})")
