"""The calc contract through its three doors — CLI, REST and the web calculator — gives the same answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import World

PU = {"segment": "PU", "period": "2026-03", "monthly_wage": 12_000_000, "jkk_risk_group": 2,
      "birth_date": "1990-05-01", "programs": ["JKK", "JKM", "JHT", "JP", "JKP"]}  # fmt: skip
BPU = {"segment": "BPU", "period": "2026-02", "declared_income": 1_000_000, "programs": ["JKK", "JKM"],
       "funded_by": "apbd"}  # fmt: skip


def _cli(args: list[str], payload: object) -> tuple[int, Any]:
    """Run a `lindung` sub-command in-process: the CLI's own routing, then the management command.

    call_command (not run_from_argv) keeps the test's database connection open.
    """
    import io

    from django.core.management import call_command

    from lindung.cli import route

    name, *rest = route(args)
    out = io.StringIO()
    code = 0
    with _stdin(json.dumps(payload)):
        try:
            call_command(name, *rest, stdout=out)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, json.loads(out.getvalue())


@contextmanager
def _stdin(text: str) -> Iterator[None]:
    import io

    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def _console_script(args: list[str], payload: object) -> tuple[int, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lindung.config.settings_test"}
    done = subprocess.run(
        [sys.executable, "-m", "lindung.cli", *args], input=json.dumps(payload), capture_output=True, text=True,
        env=env, timeout=120,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["employer"], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_cli_computes_an_object_and_an_array_in_order() -> None:
    code, one = _cli(["calc", "contribution"], PU)
    assert code == 0 and one["programs"]["JHT"]["worker"] == 240_000 and one["programs"]["JHT"]["employer"] == 444_000
    code, many = _cli(["calc", "contribution"], [BPU, {"segment": "XX"}, PU])
    assert code == 0 and len(many) == 3
    assert many[0]["total"]["total"] == 16_800
    assert many[1]["field"] == "segment" and "error" in many[1]
    assert many[2]["programs"]["JHT"]["total"] == one["programs"]["JHT"]["total"]


BAD_ROWS = [
    ({**PU, "segment": "XX"}, "segment"),
    ({**PU, "monthly_wage": -1}, "monthly_wage"),
    ({**PU, "monthly_wage": 1.5}, "monthly_wage"),
    ({**PU, "jkk_risk_group": 7}, "jkk_risk_group"),
    ({**PU, "period": "2015-06"}, "period"),
    ({**PU, "birth_date": "1990-02-30"}, "birth_date"),
    ({**PU, "programs": ["JKK", "XYZ"]}, "programs"),
]


def test_cli_rejects_bad_input_naming_the_field() -> None:
    """In an array every bad row is reported in place; a single bad object exits 2."""
    code, out = _cli(["calc", "contribution"], [row for row, _ in BAD_ROWS])
    assert code == 0
    assert [row.get("field") for row in out] == [field for _, field in BAD_ROWS]
    assert all(row["message"] for row in out)
    code, single = _console_script(["calc", "contribution"], BAD_ROWS[0][0])
    assert code == 2 and single["field"] == "segment", "the real console script exits 2 on a bad object"


def test_cli_invalid_json_exits_2() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lindung.config.settings_test"}
    done = subprocess.run([sys.executable, "-m", "lindung.cli", "calc", "benefit"], input="{nope", text=True,
                          capture_output=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 2 and json.loads(done.stdout)["error"] == "invalid_json"


def test_cli_check_nik() -> None:
    code, out = _cli(["check", "nik"], [{"nik": "1271 0157 0890 0001", "sex": "F"}, {"nik": "1271010101900000"}])
    assert code == 0
    assert out[0]["valid"] is True and out[0]["sex"] == "F" and out[0]["birth_date"] == "1990-08-17"
    assert out[1]["valid"] is False and any(e["code"] for e in out[1]["errors"])


@pytest.mark.django_db
def test_rest_matches_cli_and_reports_bad_input_as_422(world: World) -> None:
    client = _client(world)
    response = client.post("/api/v1/calc/contribution", data=json.dumps(PU), content_type="application/json")
    assert response.status_code == 200
    _, cli = _cli(["calc", "contribution"], PU)
    assert response.json()["programs"] == cli["programs"]
    bad = client.post("/api/v1/calc/contribution", data=json.dumps({**PU, "jkk_risk_group": 0}),
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "jkk_risk_group"
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/calc/contribution", "/api/v1/calc/benefit", "/api/v1/calc/eligibility"} <= set(schema["paths"])


@pytest.mark.django_db
def test_web_calculator_shows_the_same_totals_with_explanation(world: World) -> None:
    client = _client(world)
    form = {k: v for k, v in PU.items() if k != "programs"} | {"programs": PU["programs"]}
    body = client.post(reverse("calc_run", args=["iuran"]), form).content.decode()
    _, cli = _cli(["calc", "contribution"], PU)
    expected = f"Rp {cli['programs']['JP']['total']:,}".replace(",", ".")
    assert expected in body and "PP 45/2015" in body and "Dasar perhitungan" in body
    error = client.post(reverse("calc_run", args=["iuran"]), {**form, "jkk_risk_group": "9"})
    assert error.status_code == 422 and "jkk_risk_group" in error.content.decode()


@pytest.mark.django_db
def test_parameter_page_lists_dated_values_with_references(world: World) -> None:
    client = _client(world)
    body = client.get(reverse("parameters")).content.decode()
    assert ("PP 45/2015" in body and "10.547.400" in body.replace(",", ".")) or "10547400" in body
    as_of = client.get(reverse("parameters"), {"as_of": "2016-01-15"}).content.decode()
    assert "7000000" in as_of.replace(".", "").replace(",", "") and "11086300" not in as_of.replace(".", "").replace(
        ",", ""
    )
