"""The import pages write row counts as the rest of the platform does ("12.345"), not as raw integers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.registry.models import ImportJob
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS

pytestmark = pytest.mark.django_db


def test_import_counts_are_grouped_by_thousands(registry_world: World) -> None:
    client = Client()
    client.force_login(registry_world.users["employer"])
    upload = SimpleUploadedFile("daftar.csv", files.csv_bytes(GOOD_ROWS))
    client.post(reverse("registry:import_upload"), {"kind": "employer_workers", "file": upload})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(total_rows=12_345, valid_rows=11_344, error_rows=1_001)
    detail = client.get(reverse("registry:import_detail", args=[job.pk])).text
    assert 'data-testid="count-total">12.345<' in detail
    assert 'data-testid="count-valid">11.344<' in detail and 'data-testid="count-errors">1.001<' in detail
    listing = client.get(reverse("registry:import_list")).text
    assert ">12.345</td>" in listing and ">1.001</td>" in listing
