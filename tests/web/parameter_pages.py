"""The /parameter/ page as a logged-in reader sees it, in a chosen language (shared by the page's tests)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import World


def parameters_page(world: World, language: str = "id", query: str = "") -> str:
    client = Client()
    client.force_login(world.users["worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("parameters") + query)
    assert response.status_code == 200
    return response.content.decode()
