"""A parameter file loads only with every text in both languages, unless the caller says otherwise.

The loader's default is strict, so no caller (and no test) can load an English-only file by accident; the one
opt-out, ``require_indonesian=False``, is for a caller that compares the files without their Indonesian texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lindung.rules.errors import ParameterDataError
from lindung.rules.params import build_parameter, load_file, load_topic
from tests.rules.test_parameters import GOOD_VALUE, write

ENGLISH_ONLY = """\
description: Rates of a test topic.
parameters:
  rate:
    description: A rate.
    unit: rate
    values:
      - {from: 2015-07-01, value: "1%", reference: {regulation: PP 1/2015, article: Pasal 1, date: 2015-06-30}}
"""


def test_an_english_only_file_is_refused_by_default(tmp_path: Path) -> None:
    path = tmp_path / "topic.yaml"
    path.write_text(ENGLISH_ONLY, encoding="utf-8")
    with pytest.raises(ParameterDataError, match="description has no Bahasa Indonesia text"):
        load_file(path)
    with pytest.raises(ParameterDataError, match="no Bahasa Indonesia text"):
        load_topic(path)
    reference = {"regulation": "PP 1/2015", "article": "Pasal 1", "date": "2015-06-30"}
    value = {"from": "2015-07-01", "value": "1%", "reference": reference}
    with pytest.raises(ParameterDataError, match="here: description has no Bahasa Indonesia text"):
        build_parameter("topic.rate", {"description": "A rate.", "unit": "rate", "values": [value]}, "here")


def test_the_explicit_opt_out_still_loads_it(tmp_path: Path) -> None:
    path = tmp_path / "topic.yaml"
    path.write_text(ENGLISH_ONLY, encoding="utf-8")
    param = load_file(path, require_indonesian=False)["topic.rate"]
    assert param.description_in("id") == "A rate." and param.description_id is None


def test_the_test_fixture_writes_both_languages(tmp_path: Path) -> None:
    """``write()`` of the parameter tests gives each text its Indonesian one, so they load with the default."""
    text = write(tmp_path, GOOD_VALUE, "    continuity: windows\n").read_text(encoding="utf-8")
    assert "description_id:" in text and text.count("description_id:") == 2
    noted = GOOD_VALUE.replace("value:", 'note: "a note"\n        value:')
    param = load_file(write(tmp_path, noted, "    continuity: windows\n"))["topic.rate"]
    assert param.values[0].note_in("id") and param.values[0].note_in("en") == "a note"
