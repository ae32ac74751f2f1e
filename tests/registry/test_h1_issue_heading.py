"""The import page's table of row issues is headed for what it lists (session 14, h1): errors, warnings and, since
session 13, information ("Informasi") that asks nothing of the user, so "Catatan per baris dan sel" / "Notes by
row and cell" and no longer "Masalah per baris dan sel" ("Problems"), which called information a problem.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.registry.imports import service
from lindung.registry.models import ImportJob
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS, row


def _information_only(world: World) -> ImportJob:
    """The same workers again with one new one: the known rows are information (already registered), no warning.

    (The very same file twice would be the earlier upload, not a new list.)"""
    first = files.validated(world, files.csv_bytes(GOOD_ROWS))
    service.import_job_run(job=service.import_job_confirm(job=first, mode="all_or_nothing"))
    new = row("1271012003900031", "Rudi Nasution", "20/03/1990")
    return files.validated(world, files.csv_bytes([*GOOD_ROWS, new]), name="lagi.csv")


def test_the_issue_table_is_headed_as_notes_in_both_languages(registry_world: World) -> None:
    job = _information_only(registry_world)
    client = Client()
    client.force_login(registry_world.users["coordinator"])
    url = reverse("registry:import_detail", args=[job.pk])
    page = client.get(url).text
    table = page.split('data-testid="import-issues"')[1].split("</tbody>")[0]
    assert table.count('data-severity="info"') == 3 and 'data-severity="warning"' not in table
    assert '<h2 class="h5">Catatan per baris dan sel</h2>' in page and "Masalah per baris" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).text
    assert '<h2 class="h5">Notes by row and cell</h2>' in english and "Problems by row" not in english
