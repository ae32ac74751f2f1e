"""The coordinator's partnership path in a real browser: every agency with its PKS state and scorecard, one
agency, one event's funnel down to the paying members, and the Paritrana evidence pack as a PDF (made by the
task worker while the page polls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import login, open_menu

pytestmark = pytest.mark.browser


def test_coordinator_follows_the_partnership_down_to_paying_members(
    page: Any, app_server: dict[str, Any], task_worker: None, tmp_path: Path
) -> None:
    login(page, app_server, "koordinator")
    open_menu(page, "Kemitraan", "Kartu skor PKS")
    rows = page.locator("[data-testid=scorecard-row]")
    assert rows.count() == 16, "the 16 agencies of the MoU"
    states = {
        text.strip() for text in page.locator("[data-testid=scorecard-row] [data-testid=pks-status]").all_inner_texts()
    }
    assert {"Draf", "Telaah hukum", "Disepakati", "Ditandatangani", "Berlaku", "Segera berakhir"} <= states

    page.click("[data-testid=sort-enrolled]")
    assert "urut=enrolled" in page.url and page.locator("[data-testid=scorecard-row]").count() == 16

    page.click("[data-testid=scorecard-row] >> text=Dinas Perhubungan")
    assert page.inner_text("[data-testid=agency-name]") == "Dinas Perhubungan"
    page.wait_for_selector("#trend-chart .main-svg")  # plotly, served locally, drew the monthly trend
    paid_rows = page.locator("[data-testid=event-row]:not([data-paid='0'])")
    assert paid_rows.count() > 0
    paid_rows.first.locator("[data-testid=event-link]").click()

    assert page.inner_text("[data-testid=event-code]").startswith("SOS-1271-")
    registered = int(page.inner_text("[data-testid=funnel-registered]"))
    paying = page.locator("[data-testid=paying-member]")
    assert registered >= paying.count() > 0
    assert paying.count() == int(page.inner_text("[data-testid=funnel-paid]"))
    assert "********" in paying.first.inner_text(), "NIK masked"

    open_menu(page, "Kemitraan", "Kartu skor PKS")
    page.click("[data-testid=evidence-link]")
    page.click("[data-testid=evidence-download]")  # queues the PDF; the status page polls until it is ready
    page.wait_for_selector("[data-testid=pdf-progress]")
    page.wait_for_selector("[data-testid=pdf-download]", timeout=120_000)
    with page.expect_download() as download_info:
        page.click("[data-testid=pdf-download]")
    pack = tmp_path / "paket.pdf"
    download_info.value.save_as(pack)
    assert pack.read_bytes().startswith(b"%PDF-") and pack.stat().st_size > 5_000


def test_an_agencys_trend_chart_on_a_phone_scrolls_under_a_finger_instead_of_zooming(
    phone: Any, app_server: dict[str, Any]
) -> None:
    """The agency page draws its chart with the coverage pages' one configuration: on a touch screen no drag
    mode and fixed axes (a finger dragged over it scrolls the page), only the PNG button."""
    from tests.browser.test_mobile import login as phone_login

    phone_login(phone, app_server, "koordinator")
    phone.goto(f"{app_server['base']}/kemitraan/")
    phone.locator("[data-testid=scorecard-row] a", has_text="Dinas Perhubungan").first.click()
    phone.wait_for_selector("#trend-chart .main-svg")
    layout = phone.evaluate(
        "() => { const l = document.querySelector('#trend-chart')._fullLayout;"
        " return [l.dragmode, l.xaxis.fixedrange, l.yaxis.fixedrange]; }"
    )
    assert layout == [False, True, True]
    assert phone.locator("#trend-chart .modebar-btn").count() <= 1  # the PNG download alone, never "send to cloud"
