"""Validation of worker lists: every bad input of the issue gives a clear issue, and personal data is masked."""

from __future__ import annotations

import datetime as dt
import logging

import polars as pl
import pytest

from lindung.registry.imports.validate import ImportContext, Validation, validate_file
from tests.factories import World
from tests.registry import files
from tests.registry.files import EMPLOYER_HEADER, GOOD_ROWS, row

TODAY = dt.date(2025, 11, 1)


def _check(world: World, data: bytes, name: str = "daftar.csv", user: str = "coordinator", **ctx: object) -> Validation:
    context = ImportContext(kind="employer_workers", region=world.medan, user=world.users[user], today=TODAY, **ctx)  # type: ignore[arg-type]
    return validate_file(data, name, context)


def _codes(result: Validation) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r, code in result.issues.select("row", "code").iter_rows():
        out.setdefault(r, []).append(code)
    return out


def test_good_rows_in_csv_and_xlsx_are_valid_and_planned(registry_world: World) -> None:
    for data, name in ((files.csv_bytes(GOOD_ROWS), "a.csv"), (files.xlsx_bytes(GOOD_ROWS), "a.xlsx")):
        result = _check(registry_world, data, name)
        assert result.counts()["valid_rows"] == 3, result.issues
        assert result.plan["nik"].to_list() == ["1271011708900011", "1271015505920012", "1271021212880013"]
        assert result.plan["birth_date"].to_list() == [
            dt.date(1990, 8, 17),
            dt.date(1992, 5, 15),
            dt.date(1988, 12, 12),
        ]
        assert result.plan["phone_e164"].to_list()[0] == "+6281234567890"
        assert result.plan["create_worker"].all() and result.plan["create_membership"].all()


@pytest.mark.parametrize(
    ("birth", "code"),
    [("17/08/90", "date_ambiguous_year"), ("31/02/1990", "date_invalid"), ("17 Agustus 1990", "date_format")],
)
def test_unreadable_or_ambiguous_dates_are_refused(registry_world: World, birth: str, code: str) -> None:
    result = _check(registry_world, files.csv_bytes([row("1271011708900011", "Budi", birth)]))
    assert code in _codes(result)[2]
    assert result.issues.filter(pl.col("code") == code)["value"].to_list() == [
        "".join("#" if ch.isdigit() else ch for ch in birth)  # the shape of the date, not the date
    ]


def test_a_column_written_month_first_makes_its_ambiguous_dates_errors(registry_world: World) -> None:
    rows = [row("1271011708900011", "Budi", "08/17/1990"), row("1271010304900012", "Ani", "03/04/1990")]
    codes = _codes(_check(registry_world, files.csv_bytes(rows)))
    assert "date_month_first" in codes[2] and "date_ambiguous_order" in codes[3]


def test_text_and_fractions_in_the_wage_column(registry_world: World) -> None:
    rows = [
        row("1271011708900011", "Budi", "17/08/1990", wage="empat juta"),
        row("1271015505920012", "Sari", "15/05/1992", sex="P", wage="4500000,50"),
        row("1271021212880013", "Tono", "12/12/1988", wage="Rp 4.500.000"),
    ]
    result = _check(registry_world, files.csv_bytes(rows))
    codes = _codes(result)
    assert "number_text" in codes[2] and "number_fraction" in codes[3] and 4 not in codes
    assert result.plan.filter(pl.col("row") == 4)["wage"].item() == 4_500_000


def test_missing_and_renamed_headers_stop_the_file_with_a_suggestion(registry_world: World) -> None:
    header = [h if h != "Tanggal lahir" else "Tgl. Lhr" for h in EMPLOYER_HEADER if h != "Upah"]
    result = _check(registry_world, files.csv_bytes([r[:6] + r[7:] for r in GOOD_ROWS], header=header))
    assert result.rejected
    missing = {i["params"]["column"] for i in result.file_issues if i["code"] == "header_missing"}
    assert missing == {"Tanggal lahir", "Upah"}
    unknown = [i["params"] for i in result.file_issues if i["code"] == "header_unknown"]
    assert unknown == [{"header": "Tgl. Lhr", "near": "Tanggal lahir"}]


def test_known_aliases_are_accepted(registry_world: World) -> None:
    header = ["NPP", "No. KTP", "Nama", "Tgl Lahir", "L/P", "No HP", "Gaji", "TMT", "Program"]
    assert _check(registry_world, files.csv_bytes(GOOD_ROWS, header=header)).counts()["valid_rows"] == 3


def test_nik_stored_as_a_number_or_in_scientific_notation(registry_world: World) -> None:
    rows = [
        [files.NPP, 1271011708900011, "Budi", "17/08/1990", "L", "", "4500000", "01/01/2026", ""],
        [files.NPP, "1.27102E+15", "Tono", "12/12/1988", "L", "", "4500000", "01/01/2026", ""],
    ]
    codes = _codes(_check(registry_world, files.xlsx_bytes(rows), "a.xlsx"))
    assert codes[2] == ["nik_numeric"] and codes[3] == ["nik_scientific"]


def test_typed_excel_cells_numbers_and_dates_are_read_as_typed(registry_world: World) -> None:
    rows = [
        [files.NPP, "1271011708900011", "Budi", dt.date(1990, 8, 17), "L", "", 4500000, dt.date(2026, 1, 1), ""],
        [files.NPP, "1271015505920012", "Sari", dt.date(1992, 5, 15), "P", "", 4500000.5, dt.date(2026, 1, 1), ""],
    ]
    result = _check(registry_world, files.xlsx_bytes(rows), "a.xlsx")
    assert _codes(result) == {3: ["number_fraction"]}
    assert result.plan.filter(pl.col("row") == 2).select("wage", "birth_date").row(0) == (
        4_500_000,
        dt.date(1990, 8, 17),
    )


def test_a_whole_nik_column_of_numbers_is_refused(registry_world: World) -> None:
    rows = [[files.NPP, 1271011708900011, "Budi", "17/08/1990", "L", "", "4500000", "01/01/2026", ""]]
    assert _codes(_check(registry_world, files.xlsx_bytes(rows), "a.xlsx")) == {2: ["nik_numeric"]}


def test_the_same_nik_twice_in_a_file_marks_both_rows(registry_world: World) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], row("1271.0117.0890.0011", "Budi Lagi", "17/08/1990")]
    result = _check(registry_world, files.csv_bytes(rows))
    duplicate = result.issues.filter(pl.col("code") == "nik_duplicate_in_file")
    assert duplicate["row"].to_list() == [2, 4]
    assert duplicate["params"].to_list() == ['{"rows":"2, 4"}'] * 2
    assert result.counts()["valid_rows"] == 1


def test_a_row_for_an_employer_outside_the_scope(registry_world: World) -> None:
    rows = [GOOD_ROWS[0], row("1271015505920012", "Sari", "15/05/1992", sex="P", npp="20000001")]
    result = _check(registry_world, files.csv_bytes(rows), user="agency_officer")
    assert _codes(result) == {3: ["employer_not_found"]}
    # an employer user may leave the NPP out, but a row for another employer is outside its scope
    own = _check(registry_world, files.csv_bytes(rows), user="employer", employer=registry_world.employer)
    assert _codes(own) == {3: ["employer_not_found"]}


def test_programmes_follow_the_rules(registry_world: World) -> None:
    rows = [
        row("1271015507600014", "Tua", "15/07/1960", sex="P", programs="JKK, JKM, JHT, JP"),
        row("1271011708900011", "Budi", "17/08/1990", programs="JKK, XYZ"),
        row("1271015505920012", "Sari", "15/05/1992", sex="P", programs="JKK"),
    ]
    result = _check(registry_world, files.csv_bytes(rows))
    codes = _codes(result)
    assert "not_eligible" in codes[2] and "program_unknown" in codes[3] and codes[4] == ["required_missing"]
    params = result.issues.filter(pl.col("code") == "not_eligible")["params"].item()
    assert '"program":"JP"' in params and "PP 45/2015" in params
    assert '"reason_code":"jp_registration_closed"' in params, "the reason is worded from its code when shown"


def test_personal_data_is_masked_in_issues_and_absent_from_logs(
    registry_world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    long_name = "Budi Santoso " * 12
    rows = [
        row("1271011708900011", "Budi Santoso", "17/08/1990", sex="X", phone="0812 3456 7890 1234"),
        row("1271011708900011", long_name, "17/08/1990"),
    ]
    result = _check(registry_world, files.csv_bytes(rows))
    values = " ".join(result.issues["value"].drop_nulls().to_list())
    assert "1271********0011" in values and "B***" in values and "***234" in values
    for secret in ("1271011708900011", "Budi Santoso", "17/08/1990", "0812 3456"):
        assert secret not in values and secret not in caplog.text
