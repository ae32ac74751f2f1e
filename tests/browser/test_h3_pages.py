"""Partnership, programme, coverage and parameter pages measured in Chromium: touch targets on a phone, a long file
name that no longer stretches the page, the parameter page in sections, the charts' mode bar."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PHONE, login
from tests.browser.test_mobile import login as phone_login

pytestmark = pytest.mark.browser

EMOJI_NAME = "\U0001f600" * 200 + ".csv"
WIDTH = "() => document.documentElement.scrollWidth - innerWidth"


def test_the_scorecards_sort_links_are_thumb_sized_on_a_phone(phone: Any, app_server: dict[str, Any]) -> None:
    phone_login(phone, app_server, "koordinator")
    phone.goto(f"{app_server['base']}/kemitraan/")
    heights = phone.eval_on_selector_all(
        "[data-testid^=sort-]", "links => links.map(a => Math.round(a.getBoundingClientRect().height))"
    )
    assert len(heights) == 6 and min(heights) >= 40, heights  # 19 px before


def test_the_scorecards_sort_links_stay_compact_with_a_mouse(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "koordinator")
    page.goto(f"{app_server['base']}/kemitraan/")
    heights = page.eval_on_selector_all("[data-testid^=sort-]", "a => a.map(e => e.getBoundingClientRect().height)")
    assert max(heights) < 30, heights


def test_the_parameter_page_is_a_table_of_contents_and_opens_the_linked_section(
    page: Any, app_server: dict[str, Any]
) -> None:
    login(page, app_server, "auditor")
    page.goto(f"{app_server['base']}/parameter/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3000, height  # 27,355 px before
    assert page.locator("details[data-testid=parameter-section][open]").count() == 0
    page.click("[data-testid=parameter-toc] a[href='#jht']")
    assert page.eval_on_selector("#jht", "d => d.open")
    assert page.is_visible("#jht [data-testid=parameter-value]")
    page.goto(f"{app_server['base']}/")  # then arrive afresh at one parameter's own anchor
    page.goto(f"{app_server['base']}/parameter/#jp.wage_cap")
    page.wait_for_function("document.getElementById('jp').open")
    opened = page.eval_on_selector_all("details[open]", "ds => ds.map(d => d.id)")
    assert opened == ["jp"]
    row_in_view = "(() => { const r = document.getElementById('jp.wage_cap').getBoundingClientRect();"
    page.wait_for_function(row_in_view + " return r.top >= 0 && r.top < innerHeight / 2; })()")
    assert page.evaluate("scrollY") > 500
    page.click("[data-sections=open]")
    assert page.locator("details[data-testid=parameter-section]:not([open])").count() == 0


def test_the_charts_mode_bar_is_one_big_button_on_a_phone(phone: Any, app_server: dict[str, Any]) -> None:
    phone_login(phone, app_server, "koordinator")
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(f"{app_server['base']}/cakupan/")
    phone.wait_for_selector("#chart-trend .main-svg")
    phone.tap("#chart-trend .main-svg")
    buttons = phone.eval_on_selector_all(
        "#chart-trend .modebar-btn",
        "bs => bs.map(b => [b.dataset.title, Math.round(b.getBoundingClientRect().height)])",
    )
    assert len(buttons) == 1 and buttons[0][1] >= 40, buttons  # eight 22 px buttons before
    assert [url for url in requests if not url.startswith(app_server["base"])] == []


def test_the_charts_mode_bar_never_offers_to_upload_the_chart(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "koordinator")
    page.goto(f"{app_server['base']}/cakupan/")
    page.wait_for_selector("#chart-trend .main-svg")
    titles = page.eval_on_selector_all("#chart-trend .modebar-btn", "bs => bs.map(b => b.dataset.title)")
    assert "Download plot as a PNG" in titles and not [t for t in titles if "Share" in t], titles


def test_a_decile_file_of_200_emoji_does_not_stretch_the_upload_page(phone: Any, app_server: dict[str, Any]) -> None:
    phone_login(phone, app_server, "koordinator")
    phone.goto(f"{app_server['base']}/program-rentan/")
    hrefs = phone.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    programme = next(h for h in hrefs if re.fullmatch(r"/program-rentan/\d+/", h))
    phone.goto(f"{app_server['base']}{programme}desil/")
    data = b"NIK,Desil\n1271010101010001,2\n"
    phone.set_input_files("input[type=file]", {"name": EMOJI_NAME, "mimeType": "text/csv", "buffer": data})
    phone.select_option("select[name=source]", index=1)
    phone.fill("input[name=as_of]", "2025-08-01")
    phone.click("[data-testid=decile-form] button[type=submit]")
    phone.wait_for_selector("[data-testid=decile-job-file]")
    name = phone.locator("[data-testid=decile-job-file]").first
    assert name.get_attribute("title") == EMOJI_NAME[-200:]
    box = name.bounding_box()
    assert box is not None and box["width"] <= PHONE["width"] - 40, box
    assert phone.evaluate(WIDTH) <= 0
