"""The JSON contract: arrays in, arrays out, errors per row, explanations on for single calls."""

from __future__ import annotations

import json

from lindung.rules import api

PU = {"segment": "PU", "period": "2025-03", "monthly_wage": 5000000, "jkk_risk_group": 3, "birth_date": "1990-01-01"}


def test_single_call_explains_in_both_languages() -> None:
    out = api.contribution(PU)
    jkk = out["programs"]["JKK"]  # type: ignore[index]
    assert jkk["employer"] == 44500
    assert jkk["sentence"]["id"].startswith("Iuran JKK Rp 44.500")
    assert jkk["sentence"]["en"].startswith("JKK contribution Rp 44,500")
    item = jkk["explanation"][0]
    assert item == {
        "parameter": "jkk.pu_rate_by_risk_group",
        "value": "1: 0.24%; 2: 0.54%; 3: 0.89%; 4: 1.27%; 5: 1.74%",
        "effective_from": "2015-07-01",
        "reference": "PP 44/2015 Pasal 16, Lampiran I",
        "confidence": "high",
    }
    assert out["rules_version"] == api.RULES_VERSION


def test_batch_is_quiet_unless_a_row_asks() -> None:
    quiet, loud = api.contribution_batch([PU, {**PU, "explain": True}])
    assert "explanation" not in quiet["programs"]["JKK"]  # type: ignore[index]
    assert "explanation" in loud["programs"]["JKK"]  # type: ignore[index]


def test_an_array_keeps_order_and_reports_errors_in_place() -> None:
    out, ok = api.run("contribution", [PU, {"segment": "XX"}, "not an object", PU])
    assert ok
    assert isinstance(out, list) and len(out) == 4
    assert out[0] == out[3]
    assert out[1]["error"] == "unknown_value" and out[1]["field"] == "segment"
    assert out[2]["error"] == "invalid"


def test_a_single_error_is_not_ok() -> None:
    out, ok = api.run("contribution", {"segment": "PU", "period": "2025-03", "monthly_wage": -1, "jkk_risk_group": 1})
    assert not ok
    assert out == {
        "error": "out_of_range",
        "field": "monthly_wage",
        "message": "monthly_wage cannot be negative (-1)",
        "accepted": "integer >= 0",
    }


def test_unknown_command() -> None:
    out, ok = api.run("pension", {})
    assert not ok and out["field"] == "command"  # type: ignore[index]


def test_output_is_plain_json() -> None:
    for kind, obj in (
        ("contribution", PU),
        ("benefit", {"event": "death", "date": "2024-05-01", "contribution_months": 40, "children_levels": ["sma"]}),
        ("eligibility", {"date": "2025-03-01", "birth_date": "1980-01-01", "employer_size": "large"}),
    ):
        out, ok = api.run(kind, obj)
        assert ok
        json.dumps(out)
