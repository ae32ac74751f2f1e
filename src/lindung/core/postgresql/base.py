"""Django's PostgreSQL backend, told that a partitioned table's ``id`` is not its key.

On PostgreSQL ``billing_invoice`` is partitioned by period, so its primary key is (id, period) (billing migration
0009, ADR 0004) while the model's primary key stays ``id``. Django groups an annotated query by the primary key
alone on PostgreSQL (``allows_group_by_selected_pks``), which PostgreSQL accepts only when that column is the
table's whole primary key; for such a table Django must group by every selected column instead, as it does on
other databases. Settings select this backend for every ``postgresql://`` URL.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, features

#: Tables whose database key is not the model's primary key alone (partitioned by another column).
PARTITIONED_TABLES = frozenset({"billing_invoice"})


class DatabaseFeatures(features.DatabaseFeatures):
    def allows_group_by_selected_pks_on_model(self, model: Any) -> bool:
        if model._meta.db_table in PARTITIONED_TABLES:
            return False
        return bool(super().allows_group_by_selected_pks_on_model(model))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
