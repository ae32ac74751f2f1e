"""Receipts: no index on the region alone, as (region, account, received_on) starts with it; the statement's and
the officer's indexes hold only the receipts that have one (a settlement file's or the system's have neither);
a small index holds the receipts with credit left, which every billing run looks for.

Every receipt is written into these indexes, so each one costs every payment. The indexes are dropped by their
names (the same on SQLite and PostgreSQL), so SQLite does not rebuild the table for a change of index only.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: (column, the index Django created for the foreign key in 0001)
PLAIN = (
    ("region_id", "billing_receipt_region_id_f6ee1ebd"),
    ("statement_id", "billing_receipt_statement_id_e8e76b2e"),
    ("created_by_id", "billing_receipt_created_by_id_dcef4307"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_line_partitions"),
        ("core", "0003_audit_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="receipt",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="receipt",
                    name="region",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="receipts",
                        to="core.region",
                    ),
                ),
                migrations.AlterField(
                    model_name="receipt",
                    name="statement",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="receipts",
                        to="billing.statementimport",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX "{name}"', reverse_sql=f'CREATE INDEX "{name}" ON "billing_receipt" ("{column}")'
                )
                for column, name in PLAIN
            ],
        ),
        migrations.AddIndex(
            model_name="receipt",
            index=models.Index(
                condition=models.Q(("statement__isnull", False)), fields=["statement"], name="billing_receipt_statement"
            ),
        ),
        migrations.AddIndex(
            model_name="receipt",
            index=models.Index(
                condition=models.Q(("created_by__isnull", False)),
                fields=["created_by"],
                name="billing_receipt_created_by",
            ),
        ),
        migrations.AddIndex(
            model_name="receipt",
            index=models.Index(
                condition=models.Q(("unallocated__gt", 0)), fields=["region", "account"], name="billing_receipt_credit"
            ),
        ),
    ]
