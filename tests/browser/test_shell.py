"""The web shell in a real browser: every role logs in and sees its home; language switch; no CDN."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

DEMO_LOGINS = ["koordinator", "dishub", "bpjs", "pemberi-kerja", "pekerja", "auditor", "admin"]


def test_demo_prints_one_login_per_role(app_server: dict[str, Any]) -> None:
    for username in DEMO_LOGINS:
        assert username in app_server["demo_output"]


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_each_role_logs_in_and_sees_its_home(page: Any, app_server: dict[str, Any], username: str) -> None:
    login(page, app_server, username)
    assert username in page.inner_text("[data-testid=current-user]")
    if username == "pekerja":  # their own cover, not the region's counters
        assert "terlindungi" in page.inner_text("[data-testid=own-status]")
        assert page.locator("[data-testid=own-memberships] tbody tr").count() >= 1
        return
    if username == "pemberi-kerja":
        assert int(page.inner_text("[data-testid=own-active-workers]").replace(".", "").replace(",", "")) > 0
        return
    workers = int(page.inner_text("[data-testid=count-workers]").replace(".", "").replace(",", ""))
    if username in {"koordinator", "bpjs", "auditor", "admin"}:
        assert workers > 100


def test_coordinator_home_screenshot_and_language_switch(page: Any, app_server: dict[str, Any], tmp_path: Path) -> None:
    login(page, app_server, "koordinator")
    assert "Kepesertaan aktif" in page.content()
    shot = tmp_path / "home-id.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    with page.expect_navigation():
        page.select_option("#language-form select", "en")
    assert "Active memberships" in page.content()
    with page.expect_navigation():
        page.select_option("#language-form select", "id")
    assert "Kepesertaan aktif" in page.content()


def test_wrong_password_shows_the_usual_message(page: Any, app_server: dict[str, Any]) -> None:
    page.goto(f"{app_server['base']}/masuk/")
    page.fill("#id_username", "auditor")
    page.fill("#id_password", "salah-sandi")
    page.click("button[type=submit]")
    assert "salah" in page.inner_text(".alert-danger")


def test_region_page_lists_the_21_kecamatan(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "koordinator")
    page.goto(f"{app_server['base']}/wilayah/")
    assert page.locator("tbody tr").count() == 21
    page.click("text=Medan Tuntungan")
    assert page.locator("tbody tr").count() == 9
