"""PostgreSQL's read-ahead reads each worker as two values (id; region and birth day packed in one ``int8``):
unpacked, they are the region and the engine's birth month of any worker, any date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.billing.run.prefetch import workers_table
from lindung.registry.models import Worker
from tests.billing.conftest import Billing, undone

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the read-ahead is PostgreSQL's")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), min_size=1, max_size=8))
def test_workers_read_packed_give_their_region_and_birth_month(billing: Billing, births: list[dt.date]) -> None:
    template = billing.self_paying.worker
    with undone():
        ids = []
        for i, birth in enumerate(births):  # copies of a worker, each with its own identifier and birth date
            worker = Worker.objects.get(pk=template.pk)
            worker.pk, worker.nik_index, worker.birth_date = None, f"read-workers-{i}", birth
            worker.save()
            ids.append(worker.pk)
        listed = "{" + ",".join(map(str, ids)) + "}"
        with connection.cursor() as cursor:
            table = workers_table(cursor.cursor, "WHERE x.id = ANY(%(ids)s::int8[])", {"ids": listed})
        got = {row[0]: (row[1], row[2]) for row in table.tolist()}
        region = template.region_id
        assert got == {pk: (region, b.year * 12 + b.month - 1) for pk, b in zip(ids, births, strict=True)}
