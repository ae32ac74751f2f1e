"""One Indonesian word, two English meanings: each place shows the meaning it has there.

"Perangkat daerah" and "Pemberi kerja" title a list ("Agencies", "Employers") and label one thing ("Agency",
"Employer"); "Sasaran" is what a follow-up is about ("Subject") and whom an event addresses ("Audience"). Each
page is read twice, with the language cookie set to ``en`` and to ``id``: the English reader sees the right word
in each place, the Indonesian page keeps its one word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from lindung.core.models import Agency
from lindung.coverage.models import FollowUp
from lindung.partnership.services.agencies import agency_update
from tests.factories import World
from tests.partnership.factories import PartnershipWorld, build_partnership


@pytest.fixture
def read(world: World) -> Iterator[Callable[[str, str, str], str]]:
    """The page at ``url`` as ``role`` reads it in ``language``."""

    def get(role: str, url: str, language: str) -> str:
        client = Client()
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    yield get
    translation.activate("id")  # the shell leaves the cookie's language active in the thread


def texts(html: str, tag: str) -> list[str]:
    """The text of every ``tag`` element, tags stripped and spaces collapsed."""
    pattern = rf"<{tag}\b[^>]*>(.*?)</{tag}>"
    return [" ".join(strip_tags(m).split()) for m in re.findall(pattern, html, flags=re.S)]


def nav_labels(html: str) -> list[str]:
    nav = re.search(r"<nav\b.*?</nav>", html, flags=re.S)
    assert nav is not None
    return texts(nav[0], "a")


def test_the_agency_list_is_titled_agencies_and_the_menu_agrees(read: Callable[[str, str, str], str]) -> None:
    english = read("coordinator", reverse("agency_list"), "en")
    assert texts(english, "h1") == ["Agencies"]
    assert "Agencies" in nav_labels(english) and "Employers" in nav_labels(english)
    assert "<title>Agencies" in english
    indonesian = read("coordinator", reverse("agency_list"), "id")
    assert texts(indonesian, "h1") == ["Perangkat daerah"]
    assert "Perangkat daerah" in nav_labels(indonesian) and "Pemberi kerja" in nav_labels(indonesian)


def test_the_employer_search_is_titled_employers(read: Callable[[str, str, str], str]) -> None:
    url = reverse("registry:employer_search")
    assert texts(read("coordinator", url, "en"), "h1") == ["Employers"]
    assert texts(read("coordinator", url, "id"), "h1") == ["Pemberi kerja"]


def test_the_home_counts_employers_and_agencies(read: Callable[[str, str, str], str]) -> None:
    card = re.compile(r'<div class="text-secondary small">([^<]*)</div>')
    english = card.findall(read("coordinator", reverse("home"), "en"))
    indonesian = card.findall(read("coordinator", reverse("home"), "id"))
    assert {"Employers", "Agencies"} <= set(english) and not {"Employer", "Agency"} & set(english)
    assert {"Pemberi kerja", "Perangkat daerah"} <= set(indonesian)


def test_an_employer_names_its_agency(world: World, read: Callable[[str, str, str], str]) -> None:
    url = reverse("registry:employer_detail", args=[world.employer.pk])
    assert "Agency" in texts(read("coordinator", url, "en"), "dt")
    assert "Perangkat daerah" in texts(read("coordinator", url, "id"), "dt")


def test_the_membership_form_asks_for_one_employer(world: World, read: Callable[[str, str, str], str]) -> None:
    url = reverse("registry:membership_create", args=[world.worker.pk])
    english, indonesian = texts(read("coordinator", url, "en"), "label"), texts(read("coordinator", url, "id"), "label")
    assert "Employer" in english and "Employers" not in english
    assert "Pemberi kerja" in indonesian


def test_a_followup_has_a_subject_and_an_agency(world: World, read: Callable[[str, str, str], str]) -> None:
    FollowUp.objects.create(region=world.medan, kind="village", subject_key="12.71.01.1001",
                            subject_label="Kelurahan Uji", agency=world.agency, assigned_at=timezone.now())  # fmt: skip
    english = texts(read("coordinator", reverse("coverage_followups"), "en"), "th")
    indonesian = texts(read("coordinator", reverse("coverage_followups"), "id"), "th")
    assert english[:3] == ["Subject", "Kind", "Agency"]
    assert indonesian[:3] == ["Sasaran", "Jenis", "Perangkat daerah"]


def test_an_event_names_its_audience(world: World, read: Callable[[str, str, str], str]) -> None:
    pw: PartnershipWorld = build_partnership(world)
    pw.event.audience_group, pw.event.audience_sector = "ojek_driver", "transportasi"
    pw.event.save(update_fields=["audience_group", "audience_sector"])
    url = reverse("partnership_event", args=[pw.event.code])
    assert "· Audience: " in read("coordinator", url, "en")
    assert "· Sasaran: " in read("coordinator", url, "id")


def test_the_scorecard_has_an_agency_column(world: World, read: Callable[[str, str, str], str]) -> None:
    build_partnership(world)
    english = texts(read("coordinator", reverse("partnership_scorecard"), "en"), "th")
    indonesian = texts(read("coordinator", reverse("partnership_scorecard"), "id"), "th")
    assert english[0].split()[0] == "Agency"  # then the sort arrow
    assert indonesian[0].startswith("Perangkat daerah")


def test_an_unknown_group_is_called_a_target_group_as_on_the_agency_page(world: World) -> None:
    agency = Agency.objects.get(pk=world.agency.pk)
    for language, expected in [("id", "Kelompok sasaran tidak dikenal: zzz."), ("en", "Unknown target group: zzz.")]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            agency_update(agency=agency, name=agency.name, sector=agency.sector, stakeholder_groups=["zzz"],
                          head_title=agency.head_title)  # fmt: skip
        assert expected in str(refused.value)


@pytest.mark.parametrize(
    ("model_label", "singular", "plural"),
    [("core.Agency", "city agency", "city agencies"), ("registry.Employer", "employer", "employers")],
)
def test_model_names_are_singular_and_plural_in_english_and_one_word_in_indonesian(
    model_label: str, singular: str, plural: str
) -> None:
    from django.apps import apps

    meta = apps.get_model(model_label)._meta
    with translation.override("en"):
        assert (str(meta.verbose_name), str(meta.verbose_name_plural)) == (singular, plural)
    with translation.override("id"):
        assert str(meta.verbose_name) == str(meta.verbose_name_plural)  # Indonesian has no plural form here
