from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import World
from tests.partnership.factories import PartnershipWorld, build_partnership


@pytest.fixture(autouse=True)
def _indonesian_after_each_test() -> Iterator[None]:
    """The web shell activates the cookie's language per request and leaves it active in the thread: reset it,
    so an English page in one test does not turn the next test's service messages into English."""
    yield
    translation.activate("id")


@pytest.fixture
def pw(world: World) -> PartnershipWorld:
    return build_partnership(world)


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
