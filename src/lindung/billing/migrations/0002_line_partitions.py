"""PostgreSQL: the line table becomes partitioned by run, one partition per billing run (ADR 0004).

A run writes its lines into its own table without indexes, builds the key once at the end and attaches the
table as the run's partition. Existing lines move into one partition per run. SQLite keeps one plain table.
The model state does not change, so this is a database-only operation.
"""

# ruff: noqa: S608  (statements built from constants and integer run ids only)
from django.db import migrations

KEY = "run_id, account_id, membership_id, kind, covers_period"


def _partition(cursor, run_id: int) -> None:
    name = f"billing_line_run_{int(run_id)}"
    cursor.execute(f"CREATE TABLE {name} (LIKE billing_line, CONSTRAINT {name}_run CHECK (run_id = {int(run_id)}))")
    cursor.execute(f"INSERT INTO {name} SELECT * FROM billing_line_plain WHERE run_id = %s ORDER BY {KEY}", [run_id])
    cursor.execute(f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY ({KEY})")
    cursor.execute(f"ALTER TABLE billing_line ATTACH PARTITION {name} FOR VALUES IN ({int(run_id)})")


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE billing_line RENAME TO billing_line_plain")
        cursor.execute("ALTER INDEX billing_line_adjustments RENAME TO billing_line_plain_adjustments")
        cursor.execute("ALTER INDEX billing_line_pkey RENAME TO billing_line_plain_pkey")
        cursor.execute("CREATE TABLE billing_line (LIKE billing_line_plain) PARTITION BY LIST (run_id)")
        cursor.execute(f"ALTER TABLE billing_line ADD CONSTRAINT billing_line_pkey PRIMARY KEY ({KEY})")
        cursor.execute(
            "CREATE INDEX billing_line_adjustments ON billing_line (covers_period, membership_id) WHERE kind = 1"
        )
        cursor.execute("SELECT DISTINCT run_id FROM billing_line_plain ORDER BY run_id")
        for (run_id,) in cursor.fetchall():
            _partition(cursor, run_id)
        cursor.execute("DROP TABLE billing_line_plain")


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE billing_line RENAME TO billing_line_parted")
        cursor.execute("ALTER INDEX billing_line_adjustments RENAME TO billing_line_parted_adjustments")
        cursor.execute("ALTER INDEX billing_line_pkey RENAME TO billing_line_parted_pkey")
        cursor.execute("CREATE TABLE billing_line (LIKE billing_line_parted)")
        cursor.execute(f"INSERT INTO billing_line SELECT * FROM billing_line_parted ORDER BY {KEY}")
        cursor.execute(f"ALTER TABLE billing_line ADD CONSTRAINT billing_line_pkey PRIMARY KEY ({KEY})")
        cursor.execute(
            "CREATE INDEX billing_line_adjustments ON billing_line (covers_period, membership_id) WHERE kind = 1"
        )
        cursor.execute("DROP TABLE billing_line_parted")  # drops its partitions too


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
