"""PostgreSQL's membership ``billing_code`` (registry migration 0009): the small columns the run's chunk read
packs (``sql.SMALL_SHIFTS``), computed by the database on every insert and update.

The migration froze the payer, segment and sector codes; these tests hold them to the rules' and the run's
codes, whatever the row: a changed sector list fails here until a migration redefines the column.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.billing.rules_adapter import SECTOR_CODE
from lindung.billing.run import sql
from lindung.registry.models import Membership, PayerKind, Segment, Worker
from tests.billing.conftest import Billing, undone

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL column")

PAYERS = {"employer": 0, "self": 1, "city_programme": 2, "sponsor": 3}
SEGMENTS = {"PU": 0, "BPU": 1}


def expected(payer_kind: str, segment: str, sector: str, programs: int) -> int:
    """The bits of ``sql.SMALL_SHIFTS`` the run reads from the membership alone (risk group and JP deferral are
    the employer's: 0)."""
    payer = PAYERS.get(payer_kind, 3)
    code = SEGMENTS.get(segment, sql.NOT_BILLED)
    sector_code = SECTOR_CODE.get(sector, 0) if segment == "BPU" else 0
    shifts = {column: shift for column, shift, _bits in sql.SMALL_SHIFTS}
    return (payer << shifts[1]) | (code << shifts[6]) | (programs << shifts[9]) | (sector_code << shifts[11])


def stored(ids: list[int]) -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, billing_code FROM registry_membership WHERE id = ANY(%s)", [ids])
        return dict(cursor.fetchall())


def test_every_sector_of_the_rules_has_its_code(billing: Billing) -> None:
    """One BPU row per sector name the rules know (not only the registry's choices), and one unknown."""
    worker: Worker = billing.self_paying.worker
    rows = Membership.objects.bulk_create(
        Membership(
            worker=worker,
            payer_kind="self",
            segment="BPU",
            sector=name,
            programs=3,
            wage=1_000_000,
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2020, 1, 31),
        )
        for name in [*SECTOR_CODE, "not_a_sector"]
    )
    codes = stored([row.pk for row in rows])
    assert [codes[row.pk] for row in rows] == [expected("self", "BPU", row.sector, 3) for row in rows]


rows = st.tuples(
    st.sampled_from([*PayerKind.values, "unknown"]),
    st.sampled_from([*Segment.values, "OTHER"]),
    st.sampled_from([*SECTOR_CODE, "not_a_sector"]),
    st.integers(0, 255),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(rows, min_size=1, max_size=12), st.sampled_from(list(SECTOR_CODE)))
def test_the_stored_code_is_the_runs_code_of_any_row(billing: Billing, drawn: list, moved_to: str) -> None:
    worker: Worker = billing.self_paying.worker
    with undone():
        made = Membership.objects.bulk_create(
            Membership(
                worker=worker,
                payer_kind=payer_kind,
                employer=billing.world.employer if payer_kind == "employer" else None,
                segment=segment,
                sector=sector if segment == "BPU" else "other",  # the table's check: a sector on BPU rows only
                programs=programs,
                wage=1_000_000,
                valid_from=dt.date(2020, 1, 1),
                valid_to=dt.date(2020, 1, 31),
            )
            for payer_kind, segment, sector, programs in drawn
        )
        ids = [row.pk for row in made]
        codes = stored(ids)
        assert [codes[row.pk] for row in made] == [
            expected(row.payer_kind, row.segment, row.sector, row.programs) for row in made
        ]
        # An update recomputes it: a row turned BPU with a sector.
        Membership.objects.filter(pk=ids[0]).update(segment="BPU", sector=moved_to)
        row = Membership.objects.get(pk=ids[0])
        assert stored([row.pk])[row.pk] == expected(row.payer_kind, "BPU", moved_to, row.programs)
