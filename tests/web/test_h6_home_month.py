"""The worker's home names the last billed month as the reader does (``Bulan Januari 2026``, ``January 2026``),
as the billing pages do, not ``2026-01``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.billing.services import billing_run_execute, billing_run_start
from tests.factories import World

pytestmark = pytest.mark.django_db
JAN, TODAY = dt.date(2026, 1, 1), dt.date(2026, 1, 20)


def _last_month(world: World, language: str) -> str:
    billing_run_execute(run=billing_run_start(region=world.medan, period=JAN, today=TODAY))
    client = Client()
    client.force_login(world.users["worker"], backend="django.contrib.auth.backends.ModelBackend")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("home")).content.decode()
    card = re.search(r'data-testid="own-last-month">(.*?)</div>\s*</div>', body, re.S)
    assert card is not None
    return " ".join(re.sub(r"<[^>]+>", " ", card.group(1)).split())


def test_the_last_billed_month_reads_in_bahasa_indonesia(world: World) -> None:
    text = _last_month(world, "id")
    assert re.search(r"Bulan Januari 2026: Rp \d{1,3}(\.\d{3})*", text), text
    assert "2026-01" not in text


def test_the_last_billed_month_reads_in_english(world: World) -> None:
    text = _last_month(world, "en")
    assert re.search(r"January 2026: Rp \d{1,3}(,\d{3})*", text) and "Month" not in text, text
    assert "2026-01" not in text
