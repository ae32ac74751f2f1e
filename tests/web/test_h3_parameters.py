"""The parameter page in sections behind a table of contents: 27,000 px of table became one section per programme,
and every parameter, value, date and citation is still on the page."""

from __future__ import annotations

import re

from django.utils.html import escape

from lindung.core.calc_adapter import parameter_table
from lindung.web.calculator import PARAMETER_SECTIONS, parameter_sections
from lindung.web.parameter_text import display_rows
from lindung.web.templatetags.lindung_format import format_date_id
from tests.factories import World
from tests.web.parameter_pages import parameters_page


def _sections(page: str) -> list[str]:
    return re.findall(r'<details class="[^"]*lindung-parameters"[^>]*\bid="([^"]+)"', page)


def test_every_parameter_value_date_and_citation_is_on_the_page(world: World) -> None:
    page = parameters_page(world)
    rows = display_rows(parameter_table(None))
    assert len(rows) >= 100
    missing = []
    for row in rows:
        if f'id="{row["name"]}"' not in page:
            missing.append(row["name"])
        for shown in row["shown"]:
            value = shown["value"]
            wanted = [escape(shown["text"]), format_date_id(value.start), escape(value.reference.short())]
            if value.end:
                wanted.append(format_date_id(value.end))
            missing += [f"{row['name']}: {text}" for text in wanted if text not in page]
    assert missing == []
    assert page.count('data-testid="parameter-value"') == sum(len(row["shown"]) for row in rows)


def test_one_section_per_programme_with_a_table_of_contents_all_closed(world: World) -> None:
    page = parameters_page(world)
    names = {row["name"].split(".", 1)[0] for row in parameter_table(None)}
    sections = _sections(page)
    assert sorted(sections) == sorted(names) and sections[:4] == ["jkk", "jkm", "jht", "jp"]
    toc = page.split('data-testid="parameter-toc"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == sections
    assert "JP (jaminan pensiun)" in toc and "Daftar isi" in page
    # the whole history opens one section at a time (the page's script opens the one an #anchor names)
    assert not re.search(r"<details[^>]*\bopen\b", page)


def test_a_dated_view_opens_every_section(world: World) -> None:
    page = parameters_page(world, query="?as_of=2021-03-15")
    assert len(re.findall(r"<details[^>]*\bopen\b", page)) == len(_sections(page)) > 10
    assert "Rp 8.754.600" in page and "PP 45/2015" in page and "Rp 9.077.600" not in page


def test_an_unknown_name_part_still_gets_a_section_after_the_listed_ones() -> None:
    rows = [{"name": "zeta.x", "shown": [1]}, {"name": "jp.a", "shown": [1, 2]}, {"name": "alpha.y", "shown": []}]
    sections = parameter_sections(rows)
    assert [(s["key"], s["values"]) for s in sections] == [("jp", 2), ("alpha", 0), ("zeta", 1)]
    assert sections[1]["label"] == "alpha" and str(sections[0]["label"]) == str(PARAMETER_SECTIONS["jp"])


def test_the_sections_read_in_english(world: World) -> None:
    page = parameters_page(world, "en")
    assert "JP (pension)" in page and "Contents" in page and "Open all" in page and "Daftar isi" not in page
