"""The parameter page in one language: the codes of a table or list (``land``, ``tk_sd``, ``micro``) by their
names, each file's own description at the head of its section, and the notes of the parameters themselves.

The codes stay the rules' own in the data (the rules read ``land``); only the page words them, through the
catalogue, so an English reader gets English names and an Indonesian reader Indonesian ones.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from django.utils import translation
from django.utils.html import escape

from lindung.core.calc_adapter import parameter_table, parameter_topics
from lindung.rules.params import value_at
from lindung.web.parameter_text import value_text
from tests.factories import World
from tests.web.parameter_pages import parameters_page


def _values(page: str) -> str:
    """The value cells of the page (the descriptions may name a code to explain it)."""
    return " | ".join(re.findall(r'data-testid="parameter-value">([^<]*)<', page))


#: (a table or list in the law, Bahasa Indonesia, English), as the page writes them.
WORDED = [
    ({"land": 5_000_000, "sea": 2_000_000, "air": 10_000_000}, "rupiah",
     "darat: Rp 5.000.000; laut: Rp 2.000.000; udara: Rp 10.000.000",
     "land: Rp 5,000,000; sea: Rp 2,000,000; air: Rp 10,000,000"),
    ({"tk_sd": 8, "smp": 3, "sma": 3, "university": 5}, "years",
     "TK/SD: 8; SMP: 3; SMA/SMK: 3; perguruan tinggi: 5",
     "kindergarten and primary school: 8; junior high school: 3; senior high school: 3; university: 5"),
    ({"min": 18, "max": 65}, "years", "paling rendah: 18; paling tinggi: 65", "minimum: 18; maximum: 65"),
    ({"full": Fraction(1), "reduced": Fraction(1, 2)}, "rate", "tarif penuh: 100%; tarif dikurangi: 50%",
     "full rate: 100%; reduced rate: 50%"),
    ({"housing": Fraction(3, 10), "pension_preparation": Fraction(1, 10)}, "rate",
     "perumahan: 30%; persiapan masa pensiun: 10%", "housing: 30%; pension preparation: 10%"),
    ({"micro": ("JKK", "JKM", "JHT"), "large": ("JKK", "JP")}, "list",
     "mikro: JKK, JKM, JHT; besar: JKK, JP", "micro: JKK, JKM, JHT; large: JKK, JP"),
    ({"PU": ("JKK",), "JASA_KONSTRUKSI": ("JKK", "JKM")}, "list",
     "PU: JKK; jasa konstruksi: JKK, JKM", "PU: JKK; construction services: JKK, JKM"),
    (("ojek_online", "courier", "apbd"), "list", "ojek online, kurir, APBD",
     "online ojek (motorcycle taxi), courier, APBD"),
    (("food_beverage_tobacco", "footwear"), "list", "makanan, minuman dan tembakau; alas kaki",
     "food, beverages and tobacco; footwear"),
    ({"spouse": Fraction(1, 2), "child": Fraction(1, 2)}, "rate", "janda/duda: 50%; anak: 50%",
     "widow or widower: 50%; child: 50%"),
    ("each_started_month", "text", "setiap bulan yang sudah dimulai", "each month begun"),
    ({1: Fraction(3, 1250), 2: Fraction(27, 5000)}, "rate", "1: 0,24%; 2: 0,54%", "1: 0.24%; 2: 0.54%"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "unit", "bahasa", "english"), WORDED)
def test_a_table_or_list_names_its_codes_in_the_readers_language(
    value: object, unit: str, bahasa: str, english: str
) -> None:
    with translation.override("id"):
        assert value_text(value, unit) == bahasa
    with translation.override("en"):
        assert value_text(value, unit) == english


def test_every_code_of_the_shipped_tables_and_lists_has_its_indonesian_name() -> None:
    """No code of a shipped parameter reaches the Indonesian page as is, but the regulator's own names (JKK, PU,
    PMI) and ``ojek``, which is its own Indonesian name."""
    same = {"JKK", "JKM", "JHT", "JP", "JKP", "PU", "BPU", "PMI", "ojek"}
    left: set[str] = set()
    with translation.override("id"):
        for row in parameter_table(None):
            for entry in row["values"]:
                words = set(re.findall(r"[A-Za-z_]+", value_text(entry.value, row["parameter"].unit)))
                left |= (_codes(entry.value) & words) - same
    assert left == set()


def _codes(value: object) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value if isinstance(k, str)} | {c for v in value.values() for c in _codes(v)}
    if isinstance(value, (tuple, list)):
        return {c for v in value for c in _codes(v)}
    return {value} if isinstance(value, str) else set()


def test_the_indonesian_page_names_the_codes_and_keeps_the_figures(world: World) -> None:
    page = _values(parameters_page(world, "id", "?as_of=2026-01-15"))
    assert "darat: Rp 5.000.000; laut: Rp 2.000.000; udara: Rp 10.000.000" in page
    assert "TK/SD: Rp 1.500.000" in page and "mikro: JKK, JKM, JHT" in page
    assert [code for code in ("land:", "tk_sd", "university:", "micro:", "housing:", "full:") if code in page] == []
    english = _values(parameters_page(world, "en", "?as_of=2026-01-15"))
    assert "land: Rp 5,000,000; sea: Rp 2,000,000; air: Rp 10,000,000" in english and "darat:" not in english
    assert value_at("benefits.jkk_transport_cap", __import__("datetime").date(2026, 1, 15)).value == {
        "land": 5_000_000, "sea": 2_000_000, "air": 10_000_000,
    }  # fmt: skip


def test_each_section_opens_with_its_files_description_in_the_readers_language(world: World) -> None:
    topics = parameter_topics()
    assert len(topics) >= 15
    bahasa, english = parameters_page(world, "id"), parameters_page(world, "en")
    for language, page, other in (("id", bahasa, "en"), ("en", english, "id")):
        for topic in topics.values():
            section = page.split(f'id="{topic.name}"', 1)[1].split("</details>", 1)[0]
            head = section.split("<table", 1)[0]
            assert escape(topic.description_in(language)) in head, (language, topic.name)
            assert escape(topic.description_in(other)) not in page, (language, topic.name)
    pmi = parameter_topics()["pmi"]
    assert pmi.note_in("id") and escape(pmi.note_in("id") or "") in bahasa
    assert escape(pmi.note_in("en") or "") in english and escape(pmi.note_in("en") or "") not in bahasa


def test_the_notes_of_the_parameters_themselves_are_shown(world: World) -> None:
    noted = [row["parameter"] for row in parameter_table(None) if row["parameter"].note]
    assert {p.name for p in noted} >= {"jkm.pu_recomposition_to_jkp", "jkp.benefit_rates_by_month"}
    bahasa, english = parameters_page(world, "id"), parameters_page(world, "en")
    for param in noted:
        assert escape(param.note_in("id") or "") in bahasa and escape(param.note_in("en") or "") not in bahasa
        assert escape(param.note_in("en") or "") in english and escape(param.note_in("id") or "") not in english
