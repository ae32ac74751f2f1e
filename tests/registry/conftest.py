from __future__ import annotations

import datetime as dt

import pytest

from lindung.registry.models import Employer
from tests.factories import World
from tests.registry.files import NPP


@pytest.fixture
def registry_world(world: World) -> World:
    """The shared world with an NPP on the agency's employer (for worker lists) and a small size."""
    Employer.objects.filter(pk=world.employer.pk).update(npp=NPP, size="small", kbli="47111")
    Employer.objects.filter(pk=world.other_employer.pk).update(npp="10000002", size="large")
    Employer.objects.filter(pk=world.foreign_employer.pk).update(npp="20000001")
    for name in ("employer", "other_employer", "foreign_employer"):
        getattr(world, name).refresh_from_db()
    return world


@pytest.fixture
def today() -> dt.date:
    return dt.date(2025, 11, 1)
