"""The calculator in a real browser: htmx posts the form and swaps in amounts with their legal basis."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_contribution_and_benefit_with_explanation(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pemberi-kerja")
    page.goto(f"{app_server['base']}/kalkulator/")
    page.fill("#period", "2026-03")
    page.fill("#monthly_wage", "12.000.000")
    page.select_option("#jkk_risk_group", "2")
    page.fill("#birth_date", "1990-05-01")
    page.click("#calc-contribution")
    page.wait_for_selector("[data-testid=contribution-table]")
    assert page.inner_text("[data-testid=total-JHT]") == "Rp 684.000"
    assert "PP 45/2015" in page.inner_text("#contribution-result")
    page.fill("#monthly_wage", "-5")
    page.click("#calc-contribution")
    page.wait_for_selector("[data-testid=calc-error]")
    assert "monthly_wage" in page.inner_text("[data-testid=calc-error]")
    page.click("#tab-manfaat-btn")
    page.select_option("#event", "death")
    page.click("#calc-benefit")
    page.wait_for_selector("[data-testid=benefit-total]")
    assert page.inner_text("[data-testid=benefit-total]") == "Rp 42.000.000"


def test_parameter_page_as_of_a_date(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "auditor")
    page.goto(f"{app_server['base']}/parameter/?as_of=2021-03-15")
    table = page.inner_text("[data-testid=parameter-table]")
    assert "PP 45/2015" in table and "8754600" in table.replace(".", "").replace(",", "")


def test_the_benefit_form_shows_the_fields_of_the_chosen_event(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pekerja")
    page.goto(f"{app_server['base']}/kalkulator/")
    page.click("#tab-manfaat-btn")
    page.select_option("#event", "death")
    assert page.is_visible("#b_child1") and not page.is_visible("#b_trigger")
    page.select_option("#event", "jht")
    assert page.is_visible("#b_trigger") and page.is_visible("#b_jht_balance") and not page.is_visible("#b_child1")
    page.select_option("#b_trigger", "resignation")
    page.fill("#b_jht_balance", "25.000.000")
    page.fill("#b_event_date", "2026-09-30")
    page.click("#calc-benefit")
    page.wait_for_selector("[data-testid=benefit-total]")
    assert page.inner_text("[data-testid=benefit-total]") == "Rp 25.000.000"


def test_a_jkk_partial_disability_with_its_claim_date(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "pekerja")
    page.goto(f"{app_server['base']}/kalkulator/")
    page.click("#tab-manfaat-btn")
    page.select_option("#event", "partial_disability")
    assert page.is_visible("#b_disability_percent") and page.is_visible("#b_claim_date")
    assert not page.is_visible("#b_months") and not page.is_visible("#b_child1") and not page.is_visible("#b_cost")
    page.fill("#b_date", "2024-05-01")
    page.fill("#b_wage", "5.000.000")
    page.fill("#b_disability_percent", "12,5")
    page.fill("#b_claim_date", "2024-07-01")
    page.click("#calc-benefit")
    page.wait_for_selector("[data-testid=benefit-total]")
    assert page.inner_text("[data-testid=benefit-total]") == "Rp 50.000.000"
    page.fill("#b_claim_date", "2029-05-02")
    page.click("#calc-benefit")
    page.wait_for_selector("[data-testid=benefit-warning]")
    assert page.inner_text("[data-testid=benefit-total]") == "Rp 0"
    assert "Hak atas JKK sudah kedaluwarsa" in page.inner_text("[data-testid=benefit-warning]")
    page.click("#tab-kelayakan-btn")
    page.fill("#e_date", "2025-03-10")
    page.fill("#e_birth", "1971-03-10")
    page.click("#calc-eligibility")
    page.wait_for_selector("[data-testid=eligibility-table]")
    assert "Usia 54 tahun saat mendaftar" in page.inner_text("[data-testid=eligibility-table]")
