"""Lines keep the discount inputs they were computed with: sector, participants, JP deferral (small integers).

One ``ALTER TABLE … ADD COLUMN … DEFAULT 0`` per column on both databases (no copy of the line table, which
Django's SQLite path would remake once per column). On PostgreSQL the partitioned parent passes the columns
to every attached partition; a run's staged table not attached yet (a run under way, ``run.storage``) gets
them too, or attaching it would fail. New staged tables are ``LIKE`` the parent and have them already.
"""

from django.db import migrations, models

COLUMNS = (("sector", "smallint"), ("participants", "integer"), ("jp_deferral", "smallint"))


def _tables(connection, cursor) -> list[str]:
    """The line table, and on PostgreSQL every run's staged table not attached yet."""
    if connection.vendor != "postgresql":
        return ["billing_line"]
    cursor.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relname LIKE 'billing\\_line\\_run\\_%' AND c.relkind = 'r' "
        "AND NOT c.relispartition"
    )
    return ["billing_line", *(name for (name,) in cursor.fetchall())]


def forward(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for table in _tables(schema_editor.connection, cursor):
            for name, kind in COLUMNS:
                cursor.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind} NOT NULL DEFAULT 0")


def backward(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for table in _tables(schema_editor.connection, cursor):
            for name, _kind in COLUMNS:
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN {name}")


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_receipt_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
            state_operations=[
                migrations.AddField("line", "sector", models.SmallIntegerField(db_default=0, default=0)),
                migrations.AddField("line", "participants", models.IntegerField(db_default=0, default=0)),
                migrations.AddField("line", "jp_deferral", models.SmallIntegerField(db_default=0, default=0)),
            ],
        )
    ]
