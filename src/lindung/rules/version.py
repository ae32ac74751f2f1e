"""RULES_VERSION: a hash of every parameter file and formula module, stored with each computed amount."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from lindung.rules.params import PARAMETER_DIR, rules_version

RULES_VERSION: Final = rules_version(PARAMETER_DIR, extra=Path(__file__).parent.glob("*.py"))
