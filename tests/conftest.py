from __future__ import annotations

import pytest

from tests.factories import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """Two regions (Medan and Binjai), agencies, employers, workers and one user per role."""
    return build_world()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Pages are tested in both languages: make sure the English catalogue is compiled (as `make setup` does)."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)
