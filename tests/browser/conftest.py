"""A real Lindung served on 127.0.0.1 (its own SQLite under a temp var dir) and the system Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
DEMO_WORKERS = 600


LINDUNG = [sys.executable, "-m", "lindung.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINDUNG_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        {"LINDUNG_ENV": "demo", "LINDUNG_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "lindung.config.settings"}
    )
    return env


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Prepare a demo installation exactly as `make demo` does, then serve it with runserver."""
    var_dir = tmp_path_factory.mktemp("lindung-var")
    env = _env(var_dir)
    lindung = LINDUNG
    prepared = subprocess.run(
        [*lindung, "demo", "--no-serve", "--workers", str(DEMO_WORKERS)], env=env, capture_output=True, text=True
    )
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    port = _free_port()
    # The request log goes to a file: a pipe nobody reads fills up (64 kB) and the server then hangs on its next
    # log line, which stalled a login once the browser tests made enough requests.
    server_log = (var_dir / "runserver.log").open("w")
    server = subprocess.Popen(
        [*lindung, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/masuk/", timeout=2)  # noqa: S310
            break
        except OSError:
            time.sleep(0.3)
    else:  # pragma: no cover
        server.kill()
        raise RuntimeError("the Lindung server did not start")
    password = (var_dir / ".demo_password").read_text().strip()
    yield {"base": base, "password": password, "var_dir": var_dir, "demo_output": prepared.stdout}
    server.terminate()
    server.wait(timeout=10)
    server_log.close()


@pytest.fixture(scope="session")
def task_worker(app_server: dict[str, Any]) -> Iterator[None]:
    """The background worker of the demo installation, as `make demo` starts it: runs, PDFs, reports."""
    command = [*LINDUNG, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.3"]
    worker = subprocess.Popen(
        command, env=_env(app_server["var_dir"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    yield
    worker.terminate()
    worker.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/system-deps.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, app_server: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    outside = [url for url in requests if not url.startswith(app_server["base"]) and not url.startswith("data:")]
    context.close()
    assert outside == [], f"the page loaded assets from outside 127.0.0.1: {outside[:3]}"


#: A phone's screen (the pages' narrowest layout).
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser: Any, app_server: dict[str, Any]) -> Iterator[Any]:
    """A page on a touch screen of a phone's width, Indonesian."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def login(page: Any, app_server: dict[str, Any], username: str) -> None:
    page.goto(f"{app_server['base']}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", app_server["password"])
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def open_menu(page: Any, group: str, item: str) -> None:
    """Navigate through the menu bar: open the dropdown ``group`` and follow its ``item``."""
    page.click(f"nav .dropdown-toggle:has-text('{group}')")
    with page.expect_navigation():
        page.click(f"nav .dropdown-menu.show a:has-text('{item}')")
