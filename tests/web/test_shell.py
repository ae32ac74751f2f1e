"""The web shell through Django's test client: login, throttling, scoped pages, 404 outside the scope."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lindung.core.models import District
from lindung.web.templatetags.lindung_format import format_date_id, format_rupiah
from tests.factories import PASSWORD, World

pytestmark = pytest.mark.django_db


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_anonymous_users_are_sent_to_login(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_login_with_the_right_password_reaches_the_role_home(world: World) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "koordinator", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "Koordinator kota" in response.content.decode()


def test_wrong_password_gives_the_usual_message_and_repeated_failures_are_throttled(world: World) -> None:
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "auditor", "password": "salah"})
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    response = client.post(reverse("login"), {"username": "auditor", "password": "salah"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": "auditor", "password": PASSWORD})
    assert response.status_code == 429, "a locked account stays locked even with the right password"


def test_user_without_role_sees_a_clear_message_and_nothing_else(world: World) -> None:
    body = _client(world, "no_role").get(reverse("home")).content.decode()
    assert 'data-testid="no-scope"' in body
    assert _client(world, "no_role").get(reverse("region_detail")).context["districts"] == []


def test_district_outside_the_scope_is_404_not_403(world: World) -> None:
    binjai = District.objects.get(region=world.other)
    assert _client(world, "coordinator").get(reverse("district_detail", args=[binjai.code])).status_code == 404
    medan = District.objects.get(region=world.medan)
    assert _client(world, "coordinator").get(reverse("district_detail", args=[medan.code])).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("auditor", 200), ("admin", 200), ("coordinator", 200), ("worker", 200)],
)
def test_audit_page_lists_entries_only_for_auditors(world: World, role: str, status: int) -> None:
    response = _client(world, role).get(reverse("audit_list"))
    assert response.status_code == status
    shown = len(response.context["page"].object_list)
    assert (shown > 0) == (role in {"auditor", "admin"})


def test_navigation_follows_the_role(world: World) -> None:
    assert "Log audit" in _client(world, "auditor").get(reverse("home")).content.decode()
    assert "Log audit" not in _client(world, "employer").get(reverse("home")).content.decode()


def test_english_by_the_language_switch(world: World) -> None:
    client = _client(world, "coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "Active memberships" in body and "City coordinator" in body


def test_rupiah_and_dates_in_indonesian_style() -> None:
    import datetime as dt

    from django.utils import translation

    assert format_rupiah(1234567) == "Rp 1.234.567"
    assert format_rupiah(-5000) == "-Rp 5.000"
    with translation.override("id"):
        assert format_date_id(dt.date(2025, 8, 17)) == "17 Agustus 2025"
    with translation.override("en"):
        assert format_date_id(dt.date(2025, 8, 17)) == "17 August 2025"


def test_api_me_reports_the_role_and_requires_login(world: World) -> None:
    assert Client().get("/api/v1/me").status_code == 401
    data = _client(world, "agency_officer").get("/api/v1/me").json()
    assert data["role"] == "agency_officer" and data["agency_id"] == world.agency.pk
    agencies = _client(world, "agency_officer").get("/api/v1/agencies").json()
    assert [a["code"] for a in agencies] == ["dishub"]


def test_indonesian_by_default_even_for_an_english_browser(world: World) -> None:
    client = _client(world, "coordinator")
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Kepesertaan aktif" in body
