"""The parameter files load, every value is cited, and broken files are rejected."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from lindung.rules import RULES_VERSION, all_parameters, parameters_as_of, value_at
from lindung.rules.calendar import holiday_years, load_holidays
from lindung.rules.errors import ParameterDataError, RulesNotCoveredError
from lindung.rules.params import load_directory, load_file

REF = "reference: {regulation: PP 1/2015, article: Pasal 1, date: 2015-06-30}"
GOOD_VALUE = """
      - from: 2015-07-01
        to: 2020-12-31
        value: "1%"
        reference: {regulation: PP 1/2015, article: Pasal 1, date: 2015-06-30}
"""


def write(tmp_path: Path, values: str, extra: str = "") -> Path:
    """A one-parameter topic file with every text in both languages, as the loader requires by default: each
    ``note`` of ``extra`` or ``values`` (a block line or inside a flow mapping) gets its ``note_id`` beside it."""
    path = tmp_path / "topic.yaml"
    texts = re.sub(r"^(\s+)note: (.*)$", r"\1note: \2\n\1note_id: \2", extra + "    values:" + values, flags=re.M)
    texts = re.sub(r'(?<=[{,] )note: ("[^"]*")', r"note: \1, note_id: \1", texts)
    path.write_text(
        "description: test\ndescription_id: uji\nparameters:\n  rate:\n    description: a rate\n"
        "    description_id: sebuah tarif\n    unit: rate\n" + texts,
        encoding="utf-8",
    )
    return path


def test_every_value_has_a_reference_and_a_unit() -> None:
    params = all_parameters()
    assert len(params) > 80
    for param in params.values():
        assert param.unit and param.description
        for value in param.values:
            assert value.reference.regulation and value.reference.article and value.reference.date


def test_rates_are_exact_fractions() -> None:
    rate = value_at("discounts.labour_intensive_jkk_pay_share", dt.date(2025, 3, 1)).value
    assert rate == Fraction(1, 2)
    table = value_at("jkk.pu_rate_by_risk_group", dt.date(2025, 3, 1)).value
    assert isinstance(table, dict) and table[3] == Fraction(89, 10000)


def test_a_good_file_loads(tmp_path: Path) -> None:
    params = load_file(write(tmp_path, GOOD_VALUE, "    continuity: windows\n"))
    assert params["topic.rate"].values[0].value == Fraction(1, 100)


def test_missing_reference_is_rejected(tmp_path: Path) -> None:
    values = '\n      - {from: 2015-07-01, value: "1%"}\n'
    with pytest.raises(ParameterDataError, match="reference"):
        load_file(write(tmp_path, values))


def test_reference_without_article_is_rejected(tmp_path: Path) -> None:
    values = '\n      - {from: 2015-07-01, value: "1%", reference: {regulation: PP 1/2015, date: 2015-06-30}}\n'
    with pytest.raises(ParameterDataError, match="article"):
        load_file(write(tmp_path, values))


def test_an_unconfirmed_article_needs_a_note_and_is_left_out_of_the_citation(tmp_path: Path) -> None:
    ref = 'reference: {regulation: PP 1/2015, article: "-", date: 2015-06-30}'
    bare = '\n      - {from: 2015-07-01, value: "1%", ' + ref + "}\n"
    with pytest.raises(ParameterDataError, match="what was searched"):
        load_file(write(tmp_path, bare))
    noted = bare.replace("value:", 'note: "article not in the stored text", value:')
    assert load_file(write(tmp_path, noted))["topic.rate"].values[0].reference.short() == "PP 1/2015"


#: English commentary that must not appear in a citation, which pages quote inside Indonesian sentences.
ENGLISH_IN_CITATION = re.compile(
    r"\b(not|verified|articles?|and|per|amend\w*|quot\w*|announcement|GDP|indexed|description|restated|"
    r"applied|letter|circular|declared|lowest|bracket|rule|payment|contribution|participa\w*|keeps|later|via|"
    r"from|of|the)\b|\([^\d]",
    re.IGNORECASE,
)


def test_citations_are_language_neutral() -> None:
    """Regulation and article are the regulator's own names (PP, Pasal, ayat, Lampiran); commentary is a note."""
    cited = {
        f"{name}: {value.reference.short()}"
        for name, param in all_parameters().items()
        for value in param.values
        if ENGLISH_IN_CITATION.search(f"{value.reference.regulation} {value.reference.article}")
    }
    assert cited == set()


def test_overlapping_periods_are_rejected(tmp_path: Path) -> None:
    values = GOOD_VALUE + ('      - {from: 2020-06-01, value: "2%", ' + REF + "}\n")
    with pytest.raises(ParameterDataError, match="overlap"):
        load_file(write(tmp_path, values))


def test_a_gap_where_the_rule_must_apply_is_rejected(tmp_path: Path) -> None:
    values = GOOD_VALUE + ('      - {from: 2021-02-01, value: "2%", ' + REF + "}\n")
    with pytest.raises(ParameterDataError, match="gap"):
        load_file(write(tmp_path, values))


def test_a_gap_between_discount_windows_is_allowed(tmp_path: Path) -> None:
    values = GOOD_VALUE + ('      - {from: 2021-02-01, value: "2%", ' + REF + "}\n")
    assert len(load_file(write(tmp_path, values, "    continuity: windows\n"))["topic.rate"].values) == 2


def test_a_continuous_rule_may_not_just_stop(tmp_path: Path) -> None:
    with pytest.raises(ParameterDataError, match="open-ended"):
        load_file(write(tmp_path, GOOD_VALUE))


def test_an_unknown_value_needs_a_note(tmp_path: Path) -> None:
    values = "\n      - {from: 2015-07-01, value: null, " + REF + "}\n"
    with pytest.raises(ParameterDataError, match="note"):
        load_file(write(tmp_path, values))


def test_a_rate_must_be_an_exact_percent(tmp_path: Path) -> None:
    values = "\n      - {from: 2015-07-01, value: 0.01, " + REF + "}\n"
    with pytest.raises(ParameterDataError, match="rate"):
        load_file(write(tmp_path, values))


def test_an_unknown_figure_is_refused_not_guessed() -> None:
    with pytest.raises(RulesNotCoveredError, match="no announced 2024-2026 maximum"):
        value_at("jp_benefit_limits.maximum_monthly_benefit", dt.date(2025, 6, 1))


def test_parameters_as_of_lists_what_is_in_force() -> None:
    names = {v.name for v in parameters_as_of(dt.date(2020, 9, 1))}
    assert "discounts.covid_jkk_jkm_pay_share" in names
    assert "jkp.government_rate" not in names


def test_the_shipped_directory_validates() -> None:
    assert load_directory().keys() == all_parameters().keys()


def test_holidays_cover_every_year_with_a_source() -> None:
    assert holiday_years() == tuple(range(2015, 2028))
    for year, (reference, days) in load_holidays().items():
        assert reference.regulation and reference.url
        assert dt.date(year, 8, 17) in days  # Proklamasi every year


def test_holidays_with_a_missing_year_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(
        "years:\n  2015: {reference: {regulation: SKB}, days: []}\n  2017: {reference: {regulation: SKB}, days: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterDataError, match="missing"):
        load_holidays(path)


def test_rules_version_is_a_short_hash() -> None:
    assert RULES_VERSION.startswith("rules-") and len(RULES_VERSION) == 18


def test_the_rules_package_imports_no_django() -> None:
    code = (
        "import sys, lindung.rules, lindung.rules.api, lindung.rules.engine;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'ninja'));"
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


def test_the_rules_package_never_reads_the_clock() -> None:
    source = Path(__file__).resolve().parents[2] / "src" / "lindung" / "rules"
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for forbidden in ("date.today", "datetime.now", "time.time(", "import django", "from django"):
            assert forbidden not in text, f"{path.name} uses {forbidden}"
