"""Exploratory QA of the agency API: it refuses what the agency page cannot submit, and changes nothing then."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client

from lindung.core.models import Agency
from tests.factories import World


def test_an_unknown_stakeholder_group_is_refused_and_nothing_changes(
    world: World, client_for: Callable[[str], Client]
) -> None:
    before = list(Agency.objects.get(pk=world.agency.pk).stakeholder_groups)
    response = client_for("coordinator").patch(
        f"/api/v1/partnership/agencies/{world.agency.pk}",
        json.dumps({"name": "Nama Baru", "stakeholder_groups": ["ojek_driver", "zzz"]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Kelompok sasaran tidak dikenal: zzz." in response.json()["detail"]
    agency = Agency.objects.get(pk=world.agency.pk)
    assert (agency.name, agency.stakeholder_groups) == ("Dinas Perhubungan", before)


def test_known_groups_are_saved(world: World, client_for: Callable[[str], Client]) -> None:
    response = client_for("coordinator").patch(
        f"/api/v1/partnership/agencies/{world.agency.pk}",
        json.dumps({"stakeholder_groups": ["ojek_driver", "ojek_driver", "formal_worker"]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Agency.objects.get(pk=world.agency.pk).stakeholder_groups == ["ojek_driver", "formal_worker"]
