"""`lindung partnership reminders`: PKS stuck too long in a step or ending within 60 days.

With ``--apply-dates`` it first takes the steps that follow from the calendar (signed → active on the start
date, active → expiring 60 days before the end, expiring → expired after it), recorded as done by "system".
Prints agency names and PKS steps only: no personal data. Exits 0; a scheduler can mail the output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindung.core.audit import audit_context
from lindung.partnership.models import Pks
from lindung.partnership.selectors.reminders import pks_reminders
from lindung.partnership.services import pks_refresh_by_date


class Command(BaseCommand):
    help = "Partnership jobs: `reminders` lists PKS stuck in a step or expiring within 60 days."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("job", choices=["reminders"])
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--apply-dates", action="store_true", help="take the date-driven PKS steps first")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] != "reminders":  # pragma: no cover - argparse refuses other jobs
            raise CommandError("unknown job")
        today = options["as_of"] or timezone.localdate()
        if options["apply_dates"]:
            with audit_context(label="partnership-reminders"):
                for pks, status in pks_refresh_by_date(today=today):
                    self.stdout.write(f"[langkah] {pks.agency.name}: PKS → {status}")
        reminders = pks_reminders(pks=Pks.objects.all(), today=today)
        for reminder in reminders:
            self.stdout.write(f"[{reminder.kind}] {reminder.message}")
        self.stdout.write(f"{len(reminders)} pengingat per {today.isoformat()}")
