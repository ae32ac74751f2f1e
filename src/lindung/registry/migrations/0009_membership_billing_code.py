"""PostgreSQL: ``billing_code``, a stored generated column packing what the billing run reads of a membership's
text columns into one integer (payer, segment, programmes, BPU sector; the bits of
``billing.run.sql.SMALL_SHIFTS``), so the run's chunk read has no ``CASE`` to evaluate (0.08-0.09 s of server time
per 200,000 memberships, ``docs/benchmarks.md``).

The database computes it on every insert and update, so no writer (ORM, the imports' COPY, the demo) sets it,
and the models do not know it. The sector codes are frozen here: ``tests/billing/test_read_billing_code.py``
fails when the rules' sector codes (``lindung.rules.codes.SECTORS``) no longer match, and a new migration then
redefines the column. SQLite has no such column: its run reads the ``CASE``s.
"""

from django.db import migrations

SECTOR = (
    "CASE sector WHEN 'other' THEN 0 WHEN 'childrens_toys' THEN 1 WHEN 'courier' THEN 2 WHEN 'driver' THEN 3 "
    "WHEN 'food_beverage_tobacco' THEN 4 WHEN 'footwear' THEN 5 WHEN 'furniture' THEN 6 "
    "WHEN 'leather_goods' THEN 7 WHEN 'logistics' THEN 8 WHEN 'ojek' THEN 9 WHEN 'ojek_online' THEN 10 "
    "WHEN 'textile_apparel' THEN 11 ELSE 0 END"
)
CODE = (
    "(CASE payer_kind WHEN 'employer' THEN 0 WHEN 'self' THEN 1 WHEN 'city_programme' THEN 2 ELSE 3 END)"
    " + ((CASE segment WHEN 'PU' THEN 0 WHEN 'BPU' THEN 1 ELSE 2 END) << 2)"
    " + (programs::int4 << 8)"
    f" + ((CASE WHEN segment = 'BPU' THEN {SECTOR} ELSE 0 END) << 16)"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE registry_membership ADD COLUMN billing_code int4 NOT NULL GENERATED ALWAYS AS ({CODE}) STORED"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE registry_membership DROP COLUMN billing_code")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_import_job_heartbeat"),
    ]

    operations = [migrations.RunPython(add, drop, elidable=False)]
