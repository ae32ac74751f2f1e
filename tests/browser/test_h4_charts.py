"""The coverage charts on a phone (375 px, touch): a finger dragged across a bar chart scrolls the page and never
zooms it; with a mouse on a desktop a drag still zooms. One chart configuration: one PNG button on the phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login
from tests.browser.test_mobile import login as phone_login

pytestmark = pytest.mark.browser

CHART = "#chart-age"  # a vertical bar chart (age groups), wide enough on a phone to drag across
RANGES = f"""() => {{ const l = document.querySelector('{CHART}')._fullLayout;
  return {{x: l.xaxis.range.slice(), y: l.yaxis.range.slice(), drag: l.dragmode}}; }}"""


def _plot_area(page: Any) -> dict[str, float]:
    """The chart's plot area in the middle of the screen, once the page has stopped moving."""
    page.wait_for_load_state("networkidle")
    page.evaluate(f"() => document.querySelector('{CHART}').scrollIntoView({{block: 'center', behavior: 'instant'}})")
    page.wait_for_timeout(200)
    box = page.locator(f"{CHART} .nsewdrag").first.bounding_box()
    assert box is not None and box["width"] > 150, box
    inside = f"(() => document.elementFromPoint({box['x'] + 25}, {box['y'] + 25})?.closest('{CHART}') != null)()"
    assert page.evaluate(inside), box  # the drag starts on the chart
    return box


def _swipe(page: Any, start: tuple[float, float], end: tuple[float, float], steps: int = 12) -> None:
    """A finger put down at ``start``, moved to ``end`` and lifted: real touch events through Chromium's input."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", *start)
    for i in range(1, steps + 1):
        touch("touchMove", start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
    touch("touchEnd", *end)
    cdp.detach()


def _open_dashboard(page: Any, app_server: dict[str, Any]) -> None:
    page.goto(f"{app_server['base']}/cakupan/")
    page.wait_for_selector(f"{CHART} .main-svg")


def test_a_finger_dragged_across_a_bar_chart_on_a_phone_scrolls_and_does_not_zoom(
    phone: Any, app_server: dict[str, Any]
) -> None:
    phone_login(phone, app_server, "koordinator")
    _open_dashboard(phone, app_server)
    box = _plot_area(phone)
    before = phone.evaluate(RANGES)
    middle = box["y"] + box["height"] / 2
    # across the bars, right to left (left to right from the screen's edge is the browser's "back" gesture)
    _swipe(phone, (box["x"] + box["width"] - 20, middle), (box["x"] + 20, middle))
    phone.wait_for_timeout(300)
    assert phone.evaluate(RANGES) == before  # was zoomed in to the dragged span
    scrolled = phone.evaluate("scrollY")
    _swipe(phone, (box["x"] + box["width"] / 2, box["y"] + box["height"] - 10), (box["x"] + box["width"] / 2, box["y"]))
    phone.wait_for_function(f"() => scrollY > {scrolled} + 40")  # the swipe up over the chart scrolled the page
    assert phone.evaluate(RANGES) == before
    # the one configuration: on a phone only the PNG download, thumb-sized, and never "send to cloud"
    phone.tap(f"{CHART} .main-svg")
    buttons = phone.eval_on_selector_all(
        f"{CHART} .modebar-btn", "bs => bs.map(b => [b.dataset.title, Math.round(b.getBoundingClientRect().height)])"
    )
    assert len(buttons) == 1 and buttons[0][0] == "Download plot as a PNG" and buttons[0][1] >= 40, buttons


def test_a_mouse_drag_on_a_desktop_still_zooms_the_chart(page: Any, app_server: dict[str, Any]) -> None:
    login(page, app_server, "koordinator")
    _open_dashboard(page, app_server)
    box = _plot_area(page)
    before = page.evaluate(RANGES)
    assert before["drag"] == "zoom"
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 20, steps=8)
    page.mouse.up()
    page.wait_for_timeout(300)
    after = page.evaluate(RANGES)
    assert after["x"] != before["x"] and after["y"] != before["y"], (before, after)  # zoomed to the dragged box
    titles = page.eval_on_selector_all(f"{CHART} .modebar-btn", "bs => bs.map(b => b.dataset.title)")
    assert "Zoom" in titles and not [t for t in titles if "Share" in t or "Lasso" in t], titles
