"""`lindung partnership reminders`: stuck steps and coming expiries, optionally taking the calendar steps."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lindung.partnership.models import Pks
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db


def test_reminders_command_lists_and_applies_calendar_steps(pw: PartnershipWorld) -> None:
    out = io.StringIO()
    call_command("partnership", "reminders", "--as-of", "2027-11-15", stdout=out)
    text = out.getvalue()
    assert "[expiring] Dinas Perhubungan: PKS berakhir 31 Desember 2027, 46 hari lagi" in text
    assert "[stuck] Dinas Sosial" in text and "[stuck] Dinas Tenaga Kerja Binjai" in text
    assert Pks.objects.get(pk=pw.pks.pk).status == "active", "listing only: nothing moves without --apply-dates"
    call_command("partnership", "reminders", "--as-of", "2027-11-15", "--apply-dates", stdout=io.StringIO())
    assert Pks.objects.get(pk=pw.pks.pk).status == "expiring"
    assert "1271" not in text, "no personal identifiers in the output"
