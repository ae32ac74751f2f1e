"""The parameter page says what each parameter is, and why a value is what it is, in the reader's language only.

The descriptions and notes come from the parameter files (``description`` / ``description_id``, ``note`` /
``note_id``); the language is the one the app's language switch sets (its cookie).
"""

from __future__ import annotations

from django.utils.html import escape

from lindung.core.calc_adapter import parameter_table
from lindung.web.calculator import texts_in_language
from lindung.web.parameter_text import display_rows
from tests.factories import World
from tests.web.parameter_pages import parameters_page


def _texts() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(Indonesian, English) of every parameter description and of every value note that differs by language."""
    descriptions, notes = [], []
    for row in parameter_table(None):
        param = row["parameter"]
        descriptions.append((param.description_in("id"), param.description_in("en")))
        for value in row["values"]:
            bahasa, english = value.note_in("id"), value.note_in("en")
            if bahasa and english and bahasa != english:  # a quotation of the law reads the same in both
                notes.append((bahasa, english))
    return descriptions, notes


def test_an_indonesian_reader_gets_every_description_and_note_in_bahasa_indonesia(world: World) -> None:
    page = parameters_page(world, "id")
    descriptions, notes = _texts()
    assert len(descriptions) >= 100 and len(notes) >= 60
    assert [id_ for id_, _en in descriptions + notes if escape(id_) not in page] == []
    assert [en for _id, en in descriptions + notes if escape(en) in page] == []
    assert "Batas upah JKP, untuk manfaat uang tunai" in page and "Wage base cap of JKP" not in page
    assert "Pertumbuhan PDB 2025 5,11%; 10.547.400 × 1,0511 dibulatkan ke bawah" in page
    assert "cukup tinggi" in page and "medium-high" not in page  # confidence, worded by the page


def test_an_english_reader_gets_every_description_and_note_in_english(world: World) -> None:
    page = parameters_page(world, "en")
    descriptions, notes = _texts()
    assert [en for _id, en in descriptions + notes if escape(en) not in page] == []
    assert [id_ for id_, _en in descriptions + notes if escape(id_) in page] == []
    assert "Wage base cap of JKP, for the cash benefit" in page and "Batas upah JKP" not in page
    assert "GDP growth 2025 5.11 %; 10,547,400 × 1.0511 rounded down" in page


def test_a_dated_view_shows_the_notes_of_that_day_in_the_readers_language(world: World) -> None:
    bahasa = parameters_page(world, "id", "?as_of=2020-10-15")
    english = parameters_page(world, "en", "?as_of=2020-10-15")
    assert "Ditetapkan 31 Agustus 2020, diundangkan 1 September 2020" in bahasa
    assert "Signed 31 Aug 2020, promulgated 1 Sep 2020" in english and "Ditetapkan 31 Agustus" not in english


def test_the_rows_keep_their_values_and_only_gain_the_texts() -> None:
    rows = display_rows(parameter_table(None))
    worded = texts_in_language(rows, "id")
    assert [r["name"] for r in worded] == [r["name"] for r in rows]
    assert [[s["text"] for s in r["shown"]] for r in worded] == [[s["text"] for s in r["shown"]] for r in rows]
    jp_cap = next(r for r in worded if r["name"] == "jp.wage_cap")
    assert jp_cap["description"].startswith("Upah sebulan tertinggi yang diperhitungkan untuk JP")
