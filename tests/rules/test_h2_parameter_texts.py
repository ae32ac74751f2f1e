"""Every text of the parameter files in Bahasa Indonesia beside the English, checked by the loader.

The rules package cannot translate (no Django, no gettext), so each ``description`` and ``note`` carries its
``description_id`` / ``note_id``; the shipped files refuse to load with one missing, and the texts change no
figure, date or reference.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lindung.rules.errors import ParameterDataError
from lindung.rules.params import (
    PARAMETER_DIR,
    Parameter,
    all_parameters,
    all_topics,
    in_language,
    load_directory,
    load_file,
)

GOOD = """\
description: Rates of a test topic.
description_id: Tarif topik uji.
parameters:
  rate:
    description: A rate.
    description_id: Sebuah tarif.
    note: Why it is dated so.
    note_id: Mengapa bertanggal demikian.
    unit: rate
    values:
      - from: 2015-07-01
        value: "1%"
        reference: {regulation: PP 1/2015, article: Pasal 1, date: 2015-06-30}
        note: First figure.
        note_id: Angka pertama.
"""
#: The regulator's own terms and citations, which a translation keeps as they are.
TERMS = re.compile(
    r"\b(JKK|JKM|JHT|JP|JKP|BPU|PU|PHK|PMI|UMK|UMP|APBD|APBN|STMB|BPJS|PP|UU|Permenaker|Lampiran|Pasal)\b"
)
ENGLISH_WORDS = re.compile(r"\b(the|and|which|is|are|was|were|of|not|for|with|from)\b")


def _pairs() -> Iterator[tuple[str, str | None, str | None]]:
    """(where, English, Indonesian) for every text of the shipped files."""
    for topic in all_topics().values():
        yield f"{topic.name}.yaml", topic.description, topic.description_id
        yield f"{topic.name}.yaml note", topic.note, topic.note_id
    for name, param in all_parameters().items():
        yield name, param.description, param.description_id
        yield f"{name} note", param.note, param.note_id
        for value in param.values:
            yield f"{name} {value.start}", value.note, value.note_id


def _directory(tmp_path: Path, text: str) -> Path:
    (tmp_path / "topic.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_every_english_text_of_the_shipped_files_has_its_indonesian_one() -> None:
    pairs = [(where, en, id_) for where, en, id_ in _pairs() if en or id_]
    assert len(pairs) >= 215
    assert [where for where, en, id_ in pairs if not (en and id_)] == []
    assert {topic.description_in("id") for topic in all_topics().values()} >= {"Tarif iuran Jaminan Kematian (JKM)."}


def test_a_good_bilingual_file_loads_with_both_languages(tmp_path: Path) -> None:
    param = load_directory(_directory(tmp_path, GOOD))["topic.rate"]
    assert (param.description_in("id"), param.description_in("en")) == ("Sebuah tarif.", "A rate.")
    assert (param.note_in("id-ID"), param.note_in("en")) == ("Mengapa bertanggal demikian.", "Why it is dated so.")
    assert (param.values[0].note_in("id"), param.values[0].note_in("en")) == ("Angka pertama.", "First figure.")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("description_id: Tarif topik uji.\n", "topic.yaml: description has no Bahasa Indonesia text"),
        ("    description_id: Sebuah tarif.\n", "topic.yaml:rate: description has no Bahasa Indonesia text"),
        ("    note_id: Mengapa bertanggal demikian.\n", "topic.yaml:rate: note has no Bahasa Indonesia text"),
        ("        note_id: Angka pertama.\n", r"topic.yaml:rate\[0\]: note has no Bahasa Indonesia text"),
    ],
)  # fmt: skip
def test_a_missing_indonesian_text_stops_the_load(tmp_path: Path, line: str, message: str) -> None:
    assert line in GOOD
    with pytest.raises(ParameterDataError, match=message):
        load_directory(_directory(tmp_path, GOOD.replace(line, "")))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("        note: First figure.\n", "", r"note_id is written but note is not"),
        ("note_id: Angka pertama.", "note_id: ''", r"note_id must be a non-empty text"),
        ("note_id: Angka pertama.", "note_id: [Angka]", r"note_id must be a non-empty text"),
        ("    note_id: Mengapa", "    noteid: Mengapa", r"unknown keys \['noteid'\]"),
    ],
)  # fmt: skip
def test_a_text_without_its_english_or_a_blank_one_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(ParameterDataError, match=message):
        load_file(_directory(tmp_path, GOOD.replace(old, new)) / "topic.yaml")


def _strip_indonesian(data: object) -> object:
    if isinstance(data, dict):
        return {k: _strip_indonesian(v) for k, v in data.items() if not str(k).endswith("_id")}
    if isinstance(data, list):
        return [_strip_indonesian(v) for v in data]
    return data


def _law(param: Parameter) -> tuple[object, ...]:
    """Everything of a parameter but its Indonesian texts: the figures, dates, references and English words."""
    values = tuple(
        (v.name, v.value, v.start, v.end, v.reference, v.confidence, v.note) for v in param.values
    )  # fmt: skip
    return param.name, param.description, param.unit, param.continuity, param.note, values


def test_the_indonesian_texts_change_no_figure_date_or_reference(tmp_path: Path) -> None:
    """Before (each file without its ``*_id`` texts, loaded as before) equals after (the shipped files)."""
    shipped = all_parameters()
    before: dict[str, Parameter] = {}
    for path in sorted(PARAMETER_DIR.glob("*.yaml")):
        if path.stem == "holidays":
            continue
        bare = _strip_indonesian(yaml.safe_load(path.read_text(encoding="utf-8")))
        (tmp_path / path.name).write_text(yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8")
        before.update(load_file(tmp_path / path.name, require_indonesian=False))
    assert before.keys() == shipped.keys() and len(before) >= 100
    assert [name for name in before if _law(before[name]) != _law(shipped[name])] == []
    assert all(p.description_id is None and all(v.note_id is None for v in p.values) for p in before.values())


def test_figures_and_the_regulators_terms_are_copied_exactly() -> None:
    """Every number of the English text is in the Indonesian one (``Rp 16,800`` is ``Rp 16.800``; ``0.5 %`` is
    ``0,5%``), and so is every citation word (PP, Pasal, Lampiran) and programme name (JKK, BPU, PU)."""
    figures, terms = [], []
    for where, english, indonesian in _pairs():
        if not english or not indonesian:
            continue
        if Counter(re.findall(r"\d+", english)) != Counter(re.findall(r"\d+", indonesian)):
            figures.append(where)
        if set(TERMS.findall(english)) != set(TERMS.findall(indonesian)):
            terms.append(where)
    assert (figures, terms) == ([], [])


def test_the_indonesian_texts_are_not_english_left_in_place() -> None:
    """Quotations keep their own words; outside them no English function word is left."""
    left = []
    for where, _english, indonesian in _pairs():
        words = ENGLISH_WORDS.findall(re.sub(r'"[^"]*"', "", indonesian or ""))
        if words:
            left.append((where, words))
    assert left == []


def test_the_reader_language_picks_the_text() -> None:
    assert in_language("A rate.", "Sebuah tarif.", "id") == "Sebuah tarif."
    assert in_language("A rate.", "Sebuah tarif.", "id-id") == "Sebuah tarif."
    assert in_language("A rate.", "Sebuah tarif.", "en") == "A rate."
    assert in_language("A rate.", None, "id") == "A rate."  # a monolingual test file; the shipped ones have both
    assert in_language(None, None, "id") is None
