"""The pages on a phone (375 px, touch): nothing wider than the screen, controls big enough for a thumb, the
officer's event forms and the employer's invoice usable in the field."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


# The pages each role opens most; "first:<selector>" follows the first link matching the selector on the page before.
PAGES: dict[str, list[str]] = {
    "pekerja": ["/", "/tagihan/", "/tagihan/rekening/saya/", "/kalkulator/"],
    "pemberi-kerja": [
        "/", "/tagihan/faktur/", "first:[data-testid=invoice-code]", "/tagihan/rekening/saya/",
        "/registrasi/pekerja/baru/",
    ],
    "dishub": ["/", "/kemitraan/acara/", "first:[data-testid=event-table] tbody a", "/kemitraan/acara/baru/"],
    "koordinator": [
        "/", "/cakupan/", "/cakupan/kesenjangan/", "/kemitraan/", "/registrasi/pekerja/", "/tagihan/tunggakan/",
    ],
    "bpjs": ["/", "/tagihan/faktur/", "/registrasi/kepesertaan/", "/program-rentan/", "/tagihan/rekening-koran/"],
    "auditor": ["/", "/audit/", "/registrasi/duplikat/"],
    "admin": ["/", "/angkatan-kerja/", "/wilayah/"],
}  # fmt: skip

# What a page measures: how far the document is wider than the screen, and the visible controls of the page
# (buttons, fields, pager links) lower than 36 px; check boxes under 20 px.
MEASURE = """() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const label = e => (e.innerText || e.name || e.id || e.tagName).trim().slice(0, 30);
  const low = [...document.querySelectorAll('main .btn, main .form-control, main .form-select, main .page-link')]
    .filter(shown).filter(e => e.getBoundingClientRect().height < 36)
    .map(e => label(e) + ' ' + Math.round(e.getBoundingClientRect().height));
  const boxes = [...document.querySelectorAll('main input[type=checkbox], main input[type=radio]')]
    .filter(shown).filter(e => e.getBoundingClientRect().height < 20).map(label);
  return {overflow: document.documentElement.scrollWidth - innerWidth, low, boxes};
}"""


def login(phone: Any, app_server: dict[str, Any], username: str) -> None:
    """``conftest.login`` on a phone: the user's menu is in the collapsed bar, there but not shown."""
    phone.goto(f"{app_server['base']}/masuk/")
    phone.fill("#id_username", username)
    phone.fill("#id_password", app_server["password"])
    phone.click("button[type=submit]")
    phone.wait_for_selector("[data-testid=current-user]", state="attached")


def _open(phone: Any, app_server: dict[str, Any], path: str) -> None:
    if path.startswith("first:"):
        href = phone.get_attribute(path.removeprefix("first:"), "href")
        assert href, f"no link {path} on {phone.url}"
        path = href
    response = phone.goto(f"{app_server['base']}{path}")
    assert response is not None and response.status == 200, (path, response and response.status)


@pytest.mark.parametrize("username", list(PAGES))
def test_each_roles_pages_fit_a_phone_and_have_thumb_sized_controls(
    phone: Any, app_server: dict[str, Any], username: str
) -> None:
    login(phone, app_server, username)
    problems = {}
    for path in PAGES[username]:
        _open(phone, app_server, path)
        found = phone.evaluate(MEASURE)
        if found["overflow"] > 0 or found["low"] or found["boxes"]:
            problems[phone.url.removeprefix(app_server["base"])] = found
    assert problems == {}


def test_the_menu_collapses_and_opens_by_tap(phone: Any, app_server: dict[str, Any]) -> None:
    login(phone, app_server, "dishub")
    assert not phone.is_visible("nav .navbar-nav .dropdown-toggle")
    phone.tap(".navbar-toggler")
    phone.locator("nav .dropdown-toggle:has-text('Kemitraan')").tap()
    item = phone.locator("nav .dropdown-menu.show a:has-text('Sosialisasi')")
    assert item.bounding_box()["height"] >= 36
    with phone.expect_navigation():
        item.tap()
    assert "/kemitraan/acara/" in phone.url


def test_the_employers_invoice_lines_stay_one_line_and_scroll_in_their_box(
    phone: Any, app_server: dict[str, Any]
) -> None:
    login(phone, app_server, "pemberi-kerja")
    _open(phone, app_server, "/tagihan/faktur/")
    _open(phone, app_server, "first:[data-testid=invoice-code]")
    table = phone.evaluate(
        """() => { const t = document.querySelector('[data-testid=line-table]'), box = t.closest('.table-responsive');
          const rows = [...t.querySelectorAll('tbody tr:not([data-testid=line-discount])')];
          return {rows: rows.length, tallest: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
                  scrolls: box.scrollWidth > box.clientWidth,
                  page: document.documentElement.scrollWidth - innerWidth}; }"""
    )
    assert table["rows"] > 0
    assert table["tallest"] < 45  # one line a row (a squeezed row broke every word: 105 px)
    assert table["scrolls"] and table["page"] == 0


def test_the_officer_reaches_the_attendee_form_first_and_can_type_a_follow_up(
    phone: Any, app_server: dict[str, Any]
) -> None:
    login(phone, app_server, "dishub")
    _open(phone, app_server, "/kemitraan/acara/")
    _open(phone, app_server, "first:[data-testid=event-table] tbody a")
    phone.tap("[data-testid=jump-attendee-form]")
    phone.wait_for_function("() => document.querySelector('#attendee-form').getBoundingClientRect().top < innerHeight")
    form = phone.locator("[data-testid=attendee-form]")
    for field in ("name", "nik"):
        assert form.locator(f"[name={field}]").bounding_box()["width"] > 300
    # on a phone the forms come before the list of attendees, which holds the follow-up of each
    assert phone.evaluate(
        """() => document.querySelector('#attendee-form').getBoundingClientRect().top
                 < document.querySelector('[data-testid=attendees]').getBoundingClientRect().top"""
    )
    note = phone.locator("[data-testid=attendees] input[name=note]").first
    if note.count():
        assert note.bounding_box()["width"] >= 100  # was 18 px: the note could not be read or typed into


def test_the_worker_form_check_boxes_are_styled_and_tappable(phone: Any, app_server: dict[str, Any]) -> None:
    login(phone, app_server, "pemberi-kerja")
    _open(phone, app_server, "/registrasi/pekerja/baru/")
    consent = phone.locator("#id_consent")
    assert "form-check-input" in (consent.get_attribute("class") or "")
    assert consent.bounding_box()["height"] >= 20
    phone.tap("label[for=id_consent]")
    assert consent.is_checked()
