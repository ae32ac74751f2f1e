"""registry.bulk's row machinery: multi-row statements across chunks, columns converted at once, rows made in a
thread; and the demo's column helpers give what their one-value counterparts give."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.regions.nik import mask_nik
from lindung.registry import bulk
from lindung.registry.demo import EMPLOYER_FIELDS, _masked_niks, _name_keys
from lindung.registry.identifiers import name_key
from lindung.registry.models import Employer
from tests.factories import World


def _employer(world: World, i: int) -> tuple[object, ...]:
    now = bulk.db_datetime(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    return (world.medan.pk, "private", "company", "small", f"Usaha {i}", "", "47111", 1, 1, "", None, None,
            "", "", "", "", "", "", now, now, "other")  # fmt: skip


def test_rows_span_full_statements_a_remainder_and_chunks(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 3)
    monkeypatch.setattr(bulk, "CHUNK", 4)  # chunks of 4 rows: one 3-row statement and a 1-row remainder each
    seen: list[int] = []
    written = bulk.insert_rows(Employer, EMPLOYER_FIELDS, (_employer(world, i) for i in range(11)),
                               progress=lambda done, _total: seen.append(done))  # fmt: skip
    names = list(Employer.objects.filter(name__startswith="Usaha ").order_by("pk").values_list("name", flat=True))
    assert written == 11 and names == [f"Usaha {i}" for i in range(11)] and seen == [4, 8, 11]


def test_statement_rows_stay_within_the_parameter_limit(db: None) -> None:
    assert bulk.rows_per_statement(20) == bulk.ROWS_PER_STATEMENT
    assert bulk.rows_per_statement(10**6) == 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), max_size=20))
def test_a_date_column_converts_like_each_date(days: list[dt.date]) -> None:
    column = np.array(days, dtype="datetime64[D]")
    assert bulk.db_dates(column) == [bulk.db_date(day) for day in days]


def test_rows_made_in_a_thread_come_in_order_and_errors_come_through() -> None:
    assert list(bulk.made_alongside(lambda part: [part, part + 1], [0, 10, 20])) == [0, 1, 10, 11, 20, 21]

    def broken(part: int) -> list[int]:
        if part == 2:
            raise ValueError("part 2")
        return [part]

    with pytest.raises(ValueError, match="part 2"):
        list(bulk.made_alongside(broken, range(4)))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.from_regex(r"[0-9]{16}", fullmatch=True), max_size=20))
def test_the_nik_mask_column_equals_mask_nik(niks: list[str]) -> None:
    assert _masked_niks(niks) == [mask_nik(nik) for nik in niks]
    assert _masked_niks([*niks, "12.71"]) == [mask_nik(nik) for nik in [*niks, "12.71"]]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=20))
def test_the_name_key_column_equals_name_key(names: list[str]) -> None:
    assert _name_keys(names) == [name_key(name) for name in names]
