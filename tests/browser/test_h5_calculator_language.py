"""The basis of an amount and the parameter page read in one language in a real browser: Bahasa Indonesia, then
English through the page's own language switch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _contribution(page: Any, app_server: dict[str, Any]) -> str:
    page.goto(f"{app_server['base']}/kalkulator/")
    page.fill("#period", "2026-01")
    page.fill("#monthly_wage", "12.000.000")
    page.select_option("#jkk_risk_group", "1")
    page.fill("#birth_date", "1990-05-01")
    page.click("#calc-contribution")
    page.wait_for_selector("[data-testid=contribution-table]")
    page.click("tr[data-program=JKK] details summary")
    page.click("tr[data-program=JP] details summary")
    return str(page.inner_text("#contribution-result"))


def test_the_basis_of_an_amount_reads_in_the_readers_language(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pemberi-kerja")
    bahasa = _contribution(page, app_server)
    assert "1: 0,24%; 2: 0,54%" in bahasa and "1 Juli 2015" in bahasa and "Rp 10.547.400" in bahasa
    assert "cukup tinggi" in bahasa and "2015-07-01" not in bahasa and "0.24%" not in bahasa
    with page.expect_navigation():
        page.select_option("#language-form select", "en")
    english = _contribution(page, app_server)
    assert "1: 0.24%; 2: 0.54%" in english and "1 July 2015" in english and "Rp 10,547,400" in english
    assert "medium-high" in english and "Juli" not in english


def test_a_parameter_section_opens_with_what_its_file_is_about(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "auditor")
    page.goto(f"{app_server['base']}/parameter/#benefits.jkk_transport_cap")
    section = page.locator("details#benefits")
    section.locator("[data-testid=parameter-topic]").wait_for()
    assert "Manfaat JKK dan JKM" in section.locator("[data-testid=parameter-topic]").inner_text()
    assert "darat: Rp 5.000.000; laut: Rp 2.000.000; udara: Rp 10.000.000" in section.inner_text()
    page.goto(f"{app_server['base']}/parameter/#jkm")
    note = page.locator("details#jkm [data-testid=parameter-note]").first
    assert note.is_visible() and "PP 6/2025" in note.inner_text()
