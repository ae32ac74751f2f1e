"""PostgreSQL: indexes that find the memberships changed since a date without reading every membership.

Each billing run compares the memberships changed since the earlier months were billed (``billing.run.adjust.
ChangedScan``): new ones (id past the last run's, or created since), ended since, or with an end date set and not
ended yet. Without an index on those columns PostgreSQL read the whole table for it, 0.15-0.17 s of server time a
month at 1,000,000 memberships (2026-11-25, ``docs/benchmarks.md``); with these it combines four index scans
(about 4 ms). ``created_at`` follows the table's physical order (memberships are appended), so a BRIN index of a
few pages does; the other two are partial and hold only the rows they name, so registering a membership (an
import's COPY included) adds nothing to them. SQLite keeps its scan (0.08 s at 200,000): it has no BRIN, and a
B-tree on ``created_at`` would slow every import.
"""

from django.db import migrations

INDEXES = (
    ("registry_membership_created_brin", "USING brin (created_at)"),
    ("registry_membership_ended", "(ended_at) WHERE ended_at IS NOT NULL"),
    ("registry_membership_end_pending", "(id) WHERE ended_at IS NULL AND valid_to IS NOT NULL"),
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES:
            schema_editor.execute(f"CREATE INDEX {name} ON registry_membership {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_membership_billing_code"),
    ]

    operations = [migrations.RunPython(add, drop, elidable=False)]
