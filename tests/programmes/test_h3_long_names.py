"""A decile upload's file name of 200 emoji (or 300 letters) is cut on the page, whole in its title: it stretched the
upload page sideways. The proposal-import choice of such a file is cut too."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from lindung.programmes.forms import ImportProposalForm, job_label
from lindung.programmes.services.deciles import decile_upload_create
from lindung.registry.imports import storage
from lindung.registry.models import ImportJob
from tests.factories import World
from tests.programmes.builders import TODAY, make_programme

EMOJI = "\U0001f600" * 200
LETTERS = "a" * 296 + ".csv"


@pytest.mark.parametrize("name", [EMOJI, LETTERS])
def test_a_long_file_name_is_cut_with_the_full_name_in_its_title(world: World, name: str) -> None:
    # given a decile upload of a file with a very long name (the job keeps its last 200 characters)
    programme = make_programme(world)
    job = decile_upload_create(programme=programme, data=b"NIK,Desil\n", file_name=name, source="dtks",
                               as_of=TODAY, user=world.users["coordinator"], today=TODAY)  # fmt: skip
    storage.remove(job.stage_name)  # the job never runs here: leave no staged file for the other tests
    kept = name[-200:]
    assert job.file_name == kept
    # when the coordinator opens the upload page
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("programmes:decile_upload", args=[programme.pk])).content.decode()
    # then the name sits in one box that cuts it with an ellipsis, and its title holds the whole name
    [tag] = re.findall(r'<span [^>]*data-testid="decile-job-file"[^>]*>', page)
    assert "text-truncate" in tag and "max-width" in tag
    assert html.unescape(re.search(r'title="([^"]*)"', tag).group(1)) == kept  # type: ignore[union-attr]


def test_the_import_choice_of_a_long_file_name_is_cut(world: World) -> None:
    job = ImportJob(pk=7, file_name=EMOJI)
    label = job_label(job)
    assert label.startswith("#7 \U0001f600") and label.endswith("…") and len(label) == len("#7 ") + 60
    assert job_label(ImportJob(pk=8, file_name="usulan.xlsx")) == "#8 usulan.xlsx"
    assert ImportProposalForm().fields["job"].label_from_instance(job) == label  # type: ignore[attr-defined]
