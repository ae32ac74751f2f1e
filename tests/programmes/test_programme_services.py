"""Programme set-up: the pagu, the programmes, the income basis, the months and the co-funding shares."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.programmes.models import FundingShare, Programme, ProgrammeStatus
from lindung.programmes.selectors.ledger import funding_split
from lindung.programmes.services import (
    FundingInput,
    programme_activate,
    programme_close,
    programme_create,
    programme_update,
)
from tests.factories import World
from tests.programmes.builders import CITY_ONLY, TODAY, make_candidates, make_offices, make_programme, propose

SHARED = [FundingInput("city", 8_500), FundingInput("province", 1_000, "Provinsi"), FundingInput("sponsor", 500, "CSR")]


def _create(w: World, **changes: object) -> Programme:
    data = {"region": w.medan, "year": 2027, "name": "Program 2027", "budget": 3_000_000_000,
            "programs": ["JKK", "JKM"], "declared_income": 1_000_000, "funding": SHARED, **changes}  # fmt: skip
    return programme_create(**data)  # type: ignore[arg-type]


def test_a_programme_keeps_its_basis_and_the_rules_references(world: World) -> None:
    programme = _create(world, programs=["JKK", "JKM", "JHT"])
    assert (programme.programs, programme.status, programme.months) == (7, ProgrammeStatus.DRAFT, 12)
    assert programme.rules_version.startswith("rules-") and programme.cost_references
    assert [(label, a) for label, _n, _p, a in funding_split(programme)] == [
        ("APBD kota", 2_550_000_000), ("APBD provinsi", 300_000_000), ("Sponsor/CSR", 150_000_000)]  # fmt: skip


def test_shares_split_the_pagu_exactly(world: World) -> None:
    thirds = [FundingInput("city", 3_334), FundingInput("province", 3_333), FundingInput("sponsor", 3_333)]
    programme = _create(world, budget=1_000_001, funding=thirds)
    assert sum(a for *_rest, a in funding_split(programme)) == 1_000_001


BAD_INPUT = [
    ({"budget": 0}, "Pagu anggaran harus lebih dari nol"),
    ({"budget": -5_000_000}, "Pagu anggaran harus lebih dari nol"),
    ({"funding": [FundingInput("city", 9_000)]}, "harus berjumlah 100 %; sekarang 90 %"),
    ({"funding": [FundingInput("city", 6_000), FundingInput("sponsor", 6_000)]}, "sekarang 120 %"),
    ({"funding": []}, "paling sedikit satu sumber"),
    ({"funding": [FundingInput("city", 10_000), FundingInput("province", 0)]}, "lebih dari 0 %"),
    ({"programs": ["JKK"]}, "harus mencakup JKK \\+ JKM"),
    ({"programs": ["JKK", "JKM", "JP"]}, "JP tidak tersedia untuk peserta BPU"),
    ({"declared_income": 900_000}, "di bawah batas BPU: paling sedikit Rp 1.000.000 \\(PP 44/2015"),
    ({"first_month": 7, "last_month": 3}, "satu tahun anggaran"),
]


def test_bad_input_is_refused_with_a_message_and_nothing_saved(world: World) -> None:
    for changes, message in BAD_INPUT:
        with pytest.raises(ValidationError, match=message):
            _create(world, **changes)
        assert not Programme.objects.exists(), changes
        assert not FundingShare.objects.exists(), changes


def test_one_programme_per_region_and_year(world: World) -> None:
    _create(world)
    with pytest.raises(ValidationError, match="Program tahun 2027 untuk Kota Medan sudah ada"):
        _create(world)


def test_activation_needs_a_draft_and_full_co_funding(world: World) -> None:
    programme = _create(world)
    FundingShare.objects.filter(programme=programme, source="sponsor").delete()
    with pytest.raises(ValidationError, match="sekarang 95 %"):
        programme_activate(programme=programme)
    FundingShare.objects.filter(programme=programme, source="city").update(share_bp=9_000)
    assert programme_activate(programme=programme).status == ProgrammeStatus.ACTIVE
    with pytest.raises(ValidationError, match="draf"):
        programme_activate(programme=programme)


def test_the_pagu_may_not_drop_below_what_is_spent_committed_and_reserved(world: World) -> None:
    from lindung.programmes.models import Step
    from tests.programmes.builders import approve_step

    offices = make_offices(world)
    programme = make_programme(world, budget=10_000_000, funding=CITY_ONLY)
    proposal = propose(world, programme, make_candidates(world, 2))
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    approve_step(proposal, Step.BUDGET, offices.users["finance"])  # reserves 2 × 168,000
    with pytest.raises(ValidationError, match="lebih kecil dari yang sudah terpakai"):
        programme_update(programme=programme, today=TODAY, budget=300_000)
    assert programme_update(programme=programme, today=TODAY, budget=336_000).budget == 336_000


def test_a_programme_closes_only_after_its_year(world: World) -> None:
    programme = make_programme(world)
    with pytest.raises(ValidationError, match="setelah 2026-12-31"):
        programme_close(programme=programme, today=TODAY)
    assert programme_close(programme=programme, today=dt.date(2027, 1, 2)).status == ProgrammeStatus.CLOSED
    with pytest.raises(ValidationError, match="ditutup tidak dapat diubah"):
        programme_update(programme=programme, today=dt.date(2027, 1, 2), budget=1)
