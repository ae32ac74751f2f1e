"""Employers: identifiers validated, JKK risk group from KBLI, override only with a reason, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lindung.registry.models import Employer
from lindung.registry.services import employer_create, employer_update
from tests.factories import World


def _create(world: World, **fields: object) -> Employer:
    base: dict[str, object] = {"kind": "private", "subkind": "company", "size": "medium", "name": "PT Uji Deli"}
    return employer_create(region=world.medan, **{**base, **fields})


def test_group_is_derived_from_kbli_with_its_citation(world: World) -> None:
    employer = _create(world, kbli="64191", npwp="01.312.166.0-091.000", nib="1234567890123")
    assert (employer.jkk_risk_group, employer.jkk_risk_derived, employer.jkk_risk_override_reason) == (1, 1, "")
    assert employer.npwp == "013121660091000"


def test_kbli_outside_the_table_needs_a_group_and_a_reason(world: World) -> None:
    before = Employer.objects.count()
    with pytest.raises(ValidationError) as error:
        _create(world, kbli="41011")
    assert "jkk_risk_group" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(world, kbli="41011", jkk_risk_group=5, jkk_risk_override_reason="pendek")
    assert "jkk_risk_override_reason" in error.value.message_dict
    assert Employer.objects.count() == before
    employer = _create(world, kbli="41011", jkk_risk_group=5, jkk_risk_override_reason="Konstruksi gedung, cek BPJS")
    assert (employer.jkk_risk_group, employer.jkk_risk_derived) == (5, None)


def test_override_of_a_derived_group_is_kept_through_updates(world: World) -> None:
    employer = _create(world, kbli="47111", jkk_risk_group=3, jkk_risk_override_reason="Gudang dengan forklift")
    employer = employer_update(employer=employer, contact_name="Bu Rina")
    assert (employer.jkk_risk_group, employer.risk_overridden) == (3, True)
    employer = employer_update(employer=employer, jkk_risk_group=1)
    assert (employer.jkk_risk_group, employer.risk_overridden) == (1, False)


@pytest.mark.parametrize(("field", "value"), [("npwp", "12.345"), ("nib", "12-34"), ("npp", "12ab"), ("kbli", "4711")])
def test_bad_identifiers_are_refused_with_a_message(world: World, field: str, value: str) -> None:
    with pytest.raises(ValidationError) as error:
        _create(world, **{"kbli": "47111", field: value})
    assert field in error.value.message_dict


def test_private_employer_needs_a_size_and_a_matching_form(world: World) -> None:
    with pytest.raises(ValidationError):
        _create(world, kbli="47111", size="")
    with pytest.raises(ValidationError):
        _create(world, kbli="47111", subkind="blud")


def test_npp_is_unique(world: World) -> None:
    _create(world, kbli="47111", npp="30000001")
    with pytest.raises(ValidationError) as error:
        _create(world, kbli="47111", npp="30000001", name="PT Lain")
    assert "npp" in error.value.message_dict
