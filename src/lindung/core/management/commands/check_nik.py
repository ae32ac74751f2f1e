"""`lindung check nik`: {"nik": "..."} (or an array) on stdin → the offline structure check as JSON."""

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from lindung.core.calc_adapter import nik_check_json


class Command(BaseCommand):
    help = "Check NIK structure offline (16 digits, Kemendagri region, birth date, sex, serial). Exit 2 on bad input."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            payload = json.loads(sys.stdin.read())
        except json.JSONDecodeError as exc:
            self.stdout.write(json.dumps({"error": "invalid_json", "field": "(root)", "message": exc.msg}))
            raise SystemExit(2) from None
        output, ok = nik_check_json(payload, today=timezone.localdate(), region=settings.LINDUNG_REGION)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        if not ok:
            raise SystemExit(2)
