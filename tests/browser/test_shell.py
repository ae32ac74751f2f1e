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
    # Every request of the login and home pages: static files (a response), the icon (a console error only).
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("console", lambda message: failed.append(message.text) if message.type == "error" else None)
    login(page, app_server, username)
    page.wait_for_load_state("networkidle")
    assert failed == []
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


def _bar(page: Any) -> dict[str, Any]:
    """The menu bar's height, whether it overflows, and the vertical centres of what stands in it."""
    return page.evaluate(
        """() => {
          const nav = document.querySelector('[data-testid=navbar]');
          const shown = [...nav.querySelectorAll('.navbar-brand, .navbar-nav > li > .nav-link, #language-form select')]
            .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect());
          return {height: nav.getBoundingClientRect().height, overflow: nav.scrollWidth > nav.clientWidth,
                  entries: nav.querySelectorAll('.navbar-nav.me-auto > li').length,
                  centres: shown.map(r => Math.round(r.top + r.height / 2)),
                  toggler: getComputedStyle(nav.querySelector('.navbar-toggler')).display !== 'none'};
        }"""
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_menu_bar_stays_on_one_line_at_laptop_widths(page: Any, app_server: dict[str, Any], language: str) -> None:
    """Every role, the branch officer's long role name and the admin's full menu included, at 1366 and 1280 px."""
    entries = {}
    for username in DEMO_LOGINS:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1366, "height": 900})
        login(page, app_server, username)
        if language == "en":
            with page.expect_navigation():
                page.select_option("#language-form select", "en")
        for width in (1366, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            bar = _bar(page)
            entries[username] = bar["entries"]
            assert not bar["toggler"] and not bar["overflow"], (username, width)
            assert max(bar["centres"]) - min(bar["centres"]) <= 2, (username, width, bar["centres"])
            assert bar["height"] < 64, f"{username} at {width} px: the bar is {bar['height']} px high (two lines)"
        page.set_viewport_size({"width": 1199, "height": 900})
        assert _bar(page)["toggler"], "below 1200 px the menu collapses behind its button"
    assert max(entries.values()) >= 8, "the fullest menu (admin, branch officer) was measured"
