"""Coverage in a real browser: the coordinator's dashboard (screenshot, map, a chart), drill-down, the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_the_coordinator_dashboard_shows_the_map_and_charts(
    page: Any, app_server: dict[str, Any], tmp_path: Path
) -> None:
    login(page, app_server, "koordinator")
    page.click("nav >> text=Cakupan")
    page.wait_for_selector("[data-testid=tile-map]")
    assert page.locator("[data-testid=tile-map] .tile").count() == 21
    page.wait_for_selector("#chart-trend .main-svg")  # plotly.js, served locally, drew the trend
    page.wait_for_selector("#chart-sector .main-svg")
    assert int(page.inner_text("[data-testid=kpi-participants]").replace(".", "")) > 100
    shot = tmp_path / "cakupan-koordinator.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    page.click("[data-testid=tile-map] .tile[data-code='12.71.07']")
    page.wait_for_selector("[data-testid=village-table]")
    assert "Medan Tuntungan" in page.inner_text("[data-testid=district-title]")
    assert page.locator("[data-testid=village-table] tbody tr").count() == 9


@pytest.mark.parametrize("username", ["dishub", "bpjs", "auditor"])
def test_each_role_sees_its_dashboard_with_the_map(page: Any, app_server: dict[str, Any], username: str) -> None:
    login(page, app_server, username)
    page.goto(f"{app_server['base']}/cakupan/")
    page.wait_for_selector("[data-testid=tile-map]")
    page.wait_for_selector("#chart-trend .main-svg")
    if username == "dishub":
        assert "Dinas Perhubungan" in page.inner_text("[data-testid=dashboard-title]")


def test_the_gap_lists_and_the_mayors_pdf(page: Any, app_server: dict[str, Any], task_worker: None) -> None:
    login(page, app_server, "koordinator")
    page.goto(f"{app_server['base']}/cakupan/kesenjangan/")
    assert page.locator("[data-testid=gap-row]").count() > 10
    assert page.locator("[data-testid=assigned]").count() >= 3, "the demo handed the three lowest kelurahan out"
    # the demo queued last month's report: the worker renders it (as after `make demo`)
    # The page polls the job and reloads itself when it is done (HX-Refresh): reloading it by hand as well
    # aborted one of the two navigations.
    page.goto(f"{app_server['base']}/cakupan/laporan/")
    page.locator("[data-testid=report-pdf]").first.wait_for(timeout=90_000)
    with page.expect_download() as download:
        page.click("[data-testid=report-pdf] >> nth=0")
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
