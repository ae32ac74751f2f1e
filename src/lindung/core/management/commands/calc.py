"""`lindung calc contribution|benefit|eligibility`: one JSON object or an array on stdin, JSON on stdout."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from lindung.core.calc_adapter import KINDS, calc_run


class Command(BaseCommand):
    help = "Compute contributions, benefits or eligibility (docs/calc-contract.md). Exit 2 on bad input."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=KINDS)

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.read()
        try:
            payload = json.loads(raw)
        except json.JSONDecodeError as exc:
            self._emit({"error": "invalid_json", "field": "(root)", "message": f"stdin is not JSON: {exc.msg}"})
            raise SystemExit(2) from None
        output, ok = calc_run(options["kind"], payload)
        self._emit(output)
        if not ok:
            raise SystemExit(2)

    def _emit(self, data: object) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
