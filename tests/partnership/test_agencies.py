"""The coordinator edits an agency and names its liaison officers: only the agency's own officers qualify,
every change is audited, nothing changes when one choice is refused (page, API, service)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lindung.core.models import AuditEntry
from lindung.core.roles import Role
from lindung.core.scoping import scoped
from lindung.partnership import services
from lindung.partnership.models import LiaisonOfficer
from lindung.partnership.selectors.agreements import liaison_candidates, liaison_officers
from tests.factories import World, make_user

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


@pytest.fixture
def officers(world: World) -> dict[str, Any]:
    """Besides the world's ``dishub``: a second Dishub officer, a Dinsos officer, an inactive Dishub officer."""
    inactive = make_user("dishub-lama", Role.AGENCY_OFFICER, region=world.medan, agency=world.agency)
    inactive.is_active = False
    inactive.save()
    return {
        "dishub": world.users["agency_officer"],
        "dishub2": make_user("dishub-2", Role.AGENCY_OFFICER, region=world.medan, agency=world.agency),
        "dinsos": make_user("dinsos-1", Role.AGENCY_OFFICER, region=world.medan, agency=world.other_agency),
        "inactive": inactive,
    }


def _fields(world: World, **extra: Any) -> dict[str, Any]:
    return {"agency": world.agency, "name": "Dinas Perhubungan", "sector": "H", "stakeholder_groups": [],
            "head_title": "Kepala Dinas", **extra}  # fmt: skip


def test_candidates_are_the_active_officers_of_the_agency(world: World, officers: dict[str, Any]) -> None:
    assert list(liaison_candidates(agency=world.agency)) == [officers["dishub"], officers["dishub2"]]


def test_the_service_names_liaison_officers_and_audits_each_change(world: World, officers: dict[str, Any]) -> None:
    services.agency_update(**_fields(world, liaison_officers=[officers["dishub"], officers["dishub2"]]))
    assert liaison_officers(agency=world.agency) == [officers["dishub"], officers["dishub2"]]
    services.agency_update(**_fields(world, liaison_officers=[officers["dishub2"]]))
    assert liaison_officers(agency=world.agency) == [officers["dishub2"]]
    entries = AuditEntry.objects.filter(object_type="partnership.LiaisonOfficer")
    assert sorted(entries.values_list("action", flat=True)) == ["create", "create", "delete"]
    assert services.agency_update(**_fields(world)).pk == world.agency.pk  # None: the officers stay as they are
    assert liaison_officers(agency=world.agency) == [officers["dishub2"]]


@pytest.mark.parametrize("who", ["dinsos", "inactive", "coordinator"])
def test_a_user_outside_the_agency_or_the_role_is_refused_and_nothing_changes(
    world: World, officers: dict[str, Any], who: str
) -> None:
    user = world.users["coordinator"] if who == "coordinator" else officers[who]
    with pytest.raises(ValidationError, match="Hanya petugas perangkat daerah Dinas Perhubungan"):
        services.agency_update(**_fields(world, name="Nama Baru", liaison_officers=[officers["dishub"], user]))
    world.agency.refresh_from_db()
    assert world.agency.name == "Dinas Perhubungan" and not LiaisonOfficer.objects.exists()


def test_the_edit_page_offers_only_the_agencys_officers(
    world: World, officers: dict[str, Any], client_for: Clients
) -> None:
    url = reverse("partnership_agency_edit", args=[world.agency.pk])
    client = client_for("coordinator")
    page = client.get(url).content.decode()
    assert "dishub-2" in page and "dinsos-1" not in page and "dishub-lama" not in page
    data = {"name": "Dinas Perhubungan", "head_title": "Kepala Dinas", "liaison_officers": [officers["dishub2"].pk]}
    assert client.post(url, data).status_code == 302
    detail = client.get(reverse("partnership_agency", args=[world.agency.pk])).content.decode()
    assert "dishub-2" in detail
    refused = client.post(url, {**data, "liaison_officers": [officers["dinsos"].pk]})
    assert refused.status_code == 200 and "dari petugas perangkat daerah ini saja" in refused.content.decode()
    assert liaison_officers(agency=world.agency) == [officers["dishub2"]]


def test_the_api_reads_and_sets_liaison_officers(world: World, officers: dict[str, Any], client_for: Clients) -> None:
    url = f"/api/v1/partnership/agencies/{world.agency.pk}"
    client = client_for("coordinator")
    done = client.patch(url, {"liaison_officer_ids": [officers["dishub"].pk]}, content_type="application/json")
    assert done.status_code == 200 and [o["username"] for o in done.json()["liaison_officers"]] == ["dishub"]
    assert done.json()["name"] == "Dinas Perhubungan", "fields left out keep their value"
    refused = client.patch(url, {"name": "X", "liaison_officer_ids": [officers["dinsos"].pk]},
                           content_type="application/json")  # fmt: skip
    assert refused.status_code == 400 and "dinsos-1" in refused.json()["detail"]
    unknown = client.patch(url, {"liaison_officer_ids": [999_999]}, content_type="application/json")
    assert unknown.status_code == 400 and "tidak dikenal" in unknown.json()["detail"]
    assert client.get(url).json()["name"] == "Dinas Perhubungan"


def test_the_api_keeps_to_scope_and_role(world: World, officers: dict[str, Any], client_for: Clients) -> None:
    body = {"liaison_officer_ids": [officers["dishub"].pk]}
    own = f"/api/v1/partnership/agencies/{world.agency.pk}"
    foreign = f"/api/v1/partnership/agencies/{world.foreign_agency.pk}"
    assert client_for("coordinator").patch(foreign, body, content_type="application/json").status_code == 404
    assert client_for("agency_officer").get(own).status_code == 200
    assert client_for("agency_officer").patch(own, body, content_type="application/json").status_code == 403
    assert client_for("auditor").patch(own, body, content_type="application/json").status_code == 403
    assert client_for("employer").get(own).status_code == 404
    assert not LiaisonOfficer.objects.exists()


def test_liaison_links_are_scoped(world: World, officers: dict[str, Any]) -> None:
    services.agency_set_liaison_officers(agency=world.agency, users=[officers["dishub"]])
    services.agency_set_liaison_officers(agency=world.other_agency, users=[officers["dinsos"]])
    mine = scoped(LiaisonOfficer.objects.all(), world.users["agency_officer"])
    assert list(mine.values_list("user__username", flat=True)) == ["dishub"]
    assert scoped(LiaisonOfficer.objects.all(), world.users["coordinator"]).count() == 2
    assert not scoped(LiaisonOfficer.objects.all(), world.users["employer"]).exists()
