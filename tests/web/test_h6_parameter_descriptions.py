"""An Indonesian parameter description does not spell out the English codes of its values
(``(land: darat, sea: laut, air: udara)``): /parameter/ and the run page show the values by name already
(``parameter_text.value_text``), so the code list said nothing the reader needed, in English words."""

from __future__ import annotations

import re

import pytest

from lindung.core.calc_adapter import parameter_table
from lindung.web.parameter_text import CODES


def _codes(value: object) -> set[str]:
    if isinstance(value, dict):
        return {k for k in value if isinstance(k, str)} | {c for v in value.values() for c in _codes(v)}
    if isinstance(value, (list, tuple)):
        return {c for v in value for c in _codes(v)}
    return {value} if isinstance(value, str) and value in CODES else set()


ROWS = [row for row in parameter_table(None) if row["parameter"].description_id]


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_the_indonesian_description_names_no_code_of_its_values(row: dict[str, object]) -> None:
    param = row["parameter"]
    codes = {c for v in param.values for c in _codes(v.value)}  # type: ignore[attr-defined]
    spelled = [c for c in codes if re.search(rf"\b{re.escape(c)}:", param.description_id)]  # type: ignore[attr-defined]
    assert not spelled, (row["name"], spelled, param.description_id)  # type: ignore[attr-defined]


def test_the_codes_are_named_on_the_page_instead() -> None:
    """What the removed parentheticals said is what the page shows: the codes by their names."""
    from lindung.web.parameter_text import value_text

    transport = next(row["parameter"] for row in ROWS if row["name"] == "benefits.jkk_transport_cap")
    shown = value_text(transport.values[-1].value, transport.unit)
    assert "darat" in shown and "laut" in shown and "udara" in shown and "land" not in shown
