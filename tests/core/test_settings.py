"""Configuration errors stop start-up with one line naming what to set; production settings pass --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

LINDUNG = [sys.executable, "-m", "lindung.cli"]


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LINDUNG_", "DJANGO_", "DATABASE_URL"))}
    clean.update({"LINDUNG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lindung.config.settings", **env})
    return subprocess.run([*LINDUNG, *args], env=clean, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"LINDUNG_ENV": "production"}, "LINDUNG_SECRET_KEY"),
        ({"LINDUNG_ENV": "staging"}, "LINDUNG_ENV"),
        ({"LINDUNG_DEBUG": "maybe"}, "LINDUNG_DEBUG"),
        ({"DATABASE_URL": "not-a-url://"}, "DATABASE_URL"),
    ],
)
def test_wrong_configuration_names_the_variable(tmp_path: Path, env: dict[str, str], variable: str) -> None:
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        "LINDUNG_ENV": "production",
        "LINDUNG_SECRET_KEY": Fernet.generate_key().decode() * 2,
        "LINDUNG_FIELD_KEYS": Fernet.generate_key().decode(),
        "LINDUNG_INDEX_KEY": "index-key-for-the-deploy-check",
        "LINDUNG_ALLOWED_HOSTS": "lindung.example.go.id",
    }
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
