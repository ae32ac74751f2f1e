"""`lindung demo_users`: one login per role, and the demo's agency officers named their agencies' liaison officers."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from lindung.core.models import UserProfile
from lindung.core.roles import Role
from lindung.partnership.models import LiaisonOfficer
from tests.factories import World


def test_demo_logins_exist_and_agency_officers_are_liaison_officers(world: World, settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
    settings.LINDUNG_REGION = "12.71"
    call_command("demo_users", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    call_command("demo_users", stdout=open(tmp_path / "out2.txt", "w"))  # noqa: SIM115 - twice: nothing doubles
    roles = set(UserProfile.objects.values_list("role", flat=True))
    assert {Role.COORDINATOR, Role.AGENCY_OFFICER, Role.BRANCH_OFFICER, Role.AUDITOR, Role.ADMIN} <= roles
    links = list(LiaisonOfficer.objects.values_list("agency__name", "user__username"))
    assert links == [("Dinas Perhubungan", "dishub")]
    assert "koordinator" in (tmp_path / "out.txt").read_text()


def test_demo_users_refuse_production(world: World, settings) -> None:
    from django.core.management import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_users")
