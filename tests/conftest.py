from __future__ import annotations

import pytest

from tests.factories import World, build_world


@pytest.fixture
def world(db: None) -> World:
    """Two regions (Medan and Binjai), agencies, employers, workers and one user per role."""
    return build_world()
