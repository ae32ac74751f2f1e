"""Identifiers (NPWP through python-stdnum, NIB, NPP, KPJ, KBLI), the KBLI → JKK table, the batch Fernet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.core import crypto
from lindung.registry import bulk, fernet_batch, rules_adapter
from lindung.registry.identifiers import name_key, normalise_kpj, normalise_nib, normalise_npwp
from lindung.registry.kbli_risk import TABLE, risk_for_kbli


def test_npwp_is_checked_by_stdnum_and_normalised() -> None:
    assert normalise_npwp("01.312.166.0-091.000") == "013121660091000"
    with pytest.raises(ValidationError) as error:
        normalise_npwp("01.312.166.1-091.000")  # wrong check digit
    assert "NPWP tidak valid" in error.value.messages[0]


@pytest.mark.parametrize(("normalise", "bad"), [(normalise_nib, "12345"), (normalise_kpj, "1234567890A")])
def test_nib_and_kpj_need_their_digits(normalise: object, bad: str) -> None:
    with pytest.raises(ValidationError):
        normalise(bad)  # type: ignore[operator]


def test_nib_separators_are_removed() -> None:
    assert normalise_nib("1234-5678-90123") == "1234567890123"


def test_name_key_folds_case_punctuation_and_spaces() -> None:
    assert name_key("  Siti  NURHALIZA, S.Pd ") == "siti nurhaliza s pd"


def test_kbli_table_cites_the_lampiran_for_every_row_and_leaves_gaps_open() -> None:
    assert all(entry.reference.startswith("PP 44/2015 Lampiran I, Kelompok") for entry in TABLE)
    bank = risk_for_kbli("64191")
    assert bank is not None and bank.group == 1 and "angka 9" in bank.lampiran_item
    assert risk_for_kbli("01140").group == 2  # type: ignore[union-attr]
    assert risk_for_kbli("41011") is None  # construction: Kelompok III-V not retrieved, so no guess


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=30))
def test_batch_fernet_tokens_are_standard_fernet_both_ways(values: list[str]) -> None:
    tokens = fernet_batch.encrypt_many(values)
    assert [crypto.decrypt(t) for t in tokens] == values
    assert fernet_batch.decrypt_many([crypto.encrypt(v) for v in values]) == values


def test_a_tampered_token_is_refused() -> None:
    token = fernet_batch.encrypt_many(["1271011708900001"])[0]
    broken = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(ValueError, match="cannot decrypt"):
        fernet_batch.decrypt_many([broken])


def test_bulk_blind_indexes_equal_the_core_blind_index() -> None:
    values = ["1271011708900001", "+6281234567890"]
    assert bulk.blind_indexes(values) == [crypto.blind_index(v) for v in values]


@settings(max_examples=50, deadline=None)
@given(
    births=st.lists(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)), min_size=1, max_size=20),
    day=st.dates(min_value=dt.date(2015, 7, 1), max_value=dt.date(2045, 12, 31)),
)
def test_jp_answers_grouped_by_month_equal_the_direct_answers(births: list[dt.date], day: dt.date) -> None:
    pairs = [(birth, day) for birth in births]
    grouped = rules_adapter.can_join_jp_many(pairs)
    assert all(grouped[pair].ok == rules_adapter.can_join_jp(*pair).ok for pair in pairs)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("No",)), max_size=30),
        min_size=1,
        max_size=20,
    )
)
def test_name_key_on_a_column_equals_the_python_name_key(names: list[str]) -> None:
    """Names as people write them (Latin letters, accents, punctuation); Python and Rust regexes differ only
    on rarer classes such as superscript digits, which matter for duplicate search alone."""
    import polars as pl

    folded = pl.col("name").str.to_lowercase().str.replace_all(r"[^\w\s]", " ").str.replace_all(r"\s+", " ")
    column = pl.DataFrame({"name": names}).select(folded.str.strip_chars().str.slice(0, 150))["name"].to_list()
    assert column == [name_key(n) for n in names]


PHONE_PARTS = st.sampled_from(["0", "62", "+62", "+62 (0)", "0062", "8", "021", "(061) ", "9", "", "x"])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(PHONE_PARTS, st.text(alphabet="0123456789 -.()", min_size=0, max_size=14)), min_size=1, max_size=40
    )
)
def test_phone_checks_shared_by_prefix_equal_one_check_per_cell(parts: list[tuple[str, str]]) -> None:
    from lindung.regions.phone import check_phone
    from lindung.registry.imports import lookups

    values = [prefix + rest for prefix, rest in parts]
    frame = lookups.phones(values)
    from lindung.registry.services.workers import mask_phone

    for value, e164, code, masked in frame.select("phone", "phone_e164", "c_phone", "phone_masked").iter_rows():
        direct = check_phone(value)
        issues = direct.errors or direct.warnings
        assert (e164, code) == (direct.e164, issues[0].code.value if issues else None), value
        assert masked == (mask_phone(e164) if e164 else None)


def test_phone_checks_shared_by_prefix_keep_each_number() -> None:
    from lindung.regions.phone import check_phone
    from lindung.registry.imports import lookups

    values = [f"0812-34{i:02d}-{i * 37 % 10000:04d}" for i in range(60)] + ["0899 1234 5678", "0800 1234 5678"]
    frame = lookups.phones(values)
    assert frame.height == len(set(values))
    for value, e164 in frame.select("phone", "phone_e164").iter_rows():
        assert e164 == check_phone(value).e164


def test_invalid_phone_cells_of_one_group_keep_their_own_verdict() -> None:
    """Found by the property test: same length and prefix, but one is too short once the zeros are dropped."""
    from lindung.regions.phone import check_phone
    from lindung.registry.imports import lookups

    cells = ["+620012345", "+620000002", "+620000012"]
    frame = lookups.phones(cells)
    expected = [check_phone(cell).errors[0].code.value for cell in cells]
    assert expected == ["phone_format", "phone_length", "phone_format"]
    assert frame["c_phone"].to_list() == expected
