"""A very long file name (200 emoji) is cut on the import pages, with the whole name in the tooltip."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS

pytestmark = pytest.mark.django_db

LONG = "\U0001f600" * 200 + ".csv"


def test_a_long_file_name_is_cut_with_the_whole_name_in_its_title(registry_world: World) -> None:
    job = files.validated(registry_world, files.csv_bytes(GOOD_ROWS), name=LONG)
    client = Client()
    client.force_login(registry_world.users["coordinator"])
    detail = client.get(reverse("registry:import_detail", args=[job.pk])).text
    listing = client.get(reverse("registry:import_list")).text
    for page in (detail, listing):
        assert f'<span class="lindung-filename" title="{job.file_name}"' in page
    assert job.file_name.startswith("\U0001f600")
