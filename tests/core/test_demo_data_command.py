"""The demo's console shows its own progress; the services' INFO lines stay off it, warnings do not."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from lindung.core.management.commands.demo_data import console_warnings_only


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_info_lines_are_held_back_and_warnings_shown(console: io.StringIO) -> None:
    log = logging.getLogger("lindung.billing.run.adjust")
    with console_warnings_only():
        log.info("billing run 5 adjustments")
        log.warning("payer without an account")
        log.error("run failed")
    log.info("after the demo")
    assert console.getvalue().splitlines() == ["payer without an account", "run failed", "after the demo"]


def test_verbose_keeps_every_line(console: io.StringIO) -> None:
    with console_warnings_only(enabled=False):
        logging.getLogger("lindung.coverage.refresh").info("coverage refresh 12.71")
    assert console.getvalue() == "coverage refresh 12.71\n"
