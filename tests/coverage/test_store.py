"""The PDS suspects as stored: every column of the refresh's frame, with or without programmes required."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lindung.coverage.models import EmployerCompliance
from lindung.coverage.store import compliance_store
from tests.factories import World

AS_OF = dt.date(2026, 2, 15)


def _suspects(world: World, **missing: list[int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "employer_id": [world.employer.pk, world.other_employer.pk],
            "active_workers": [12, 3],
            "expected_min_workers": [20, None],
            "below_umk": [2, 0],
            "reasons": [["wage", "headcount"], ["programme"]],
            "rules_reference": ["PP 6/2025 Pasal 4(3)", ""],
            "severity": [2002, 1001],
            **{f"missing_{name}": counts for name, counts in missing.items()},
        }
    )


def _stored() -> list[tuple[object, ...]]:
    fields = ("employer_id", "as_of", "active_workers", "expected_min_workers", "below_umk", "umk", "missing",
              "reasons", "rules_reference", "severity")  # fmt: skip
    return list(EmployerCompliance.objects.order_by("-severity").values_list(*fields))


def test_suspects_are_stored_with_the_programmes_they_lack(world: World) -> None:
    compliance_store(region=world.medan, as_of=AS_OF, umk=3_800_000, suspects=_suspects(world, JP=[0, 4], JKP=[1, 0]))
    rule = "PP 6/2025 Pasal 4(3)"
    assert _stored() == [
        (world.employer.pk, AS_OF, 12, 20, 2, 3_800_000, {"JKP": 1}, ["wage", "headcount"], rule, 2002),
        (world.other_employer.pk, AS_OF, 3, None, 0, 3_800_000, {"JP": 4}, ["programme"], "", 1001),
    ]


def test_without_programme_columns_nothing_is_missing_and_a_refresh_replaces_the_rows(world: World) -> None:
    compliance_store(region=world.medan, as_of=AS_OF, umk=3_800_000, suspects=_suspects(world, JP=[1, 1]))
    compliance_store(region=world.medan, as_of=AS_OF, umk=None, suspects=_suspects(world))
    assert [(row[0], row[5], row[6]) for row in _stored()] == [
        (world.employer.pk, None, {}),
        (world.other_employer.pk, None, {}),
    ]
