"""`lindung coverage refresh` (rebuild the aggregates now) and `lindung coverage schedule` (nightly + monthly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.core.audit import audit_context
from lindung.core.models import Region


class Command(BaseCommand):
    help = "Refresh the coverage aggregates of every region (or one), or queue the nightly refresh and monthly report."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        refresh = actions.add_parser("refresh", help="rebuild the coverage snapshots now")
        refresh.add_argument("--region", help="Kemendagri code (default: every region with workers)")
        refresh.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
        schedule = actions.add_parser("schedule", help="queue the nightly refresh and the monthly report")
        schedule.add_argument("--region", help="Kemendagri code (default: every region)")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = Region.objects.order_by("code")
        if options.get("region"):
            regions = regions.filter(code=options["region"])
            if not regions.exists():
                raise CommandError(f"Wilayah {options['region']} belum dimuat.")
        if options["action"] == "schedule":
            from lindung.coverage.tasks import coverage_schedule

            for region in regions:
                self.stdout.write(f"{region.code}: {', '.join(coverage_schedule(region)) or 'sudah dijadwalkan'}")
            return
        from lindung.coverage.refresh import coverage_refresh

        with audit_context(label="lindung coverage refresh"):
            for region in regions.filter(workers__isnull=False).distinct():
                result = coverage_refresh(region=region, as_of=options.get("as_of"))
                self.stdout.write(
                    f"{result.region}: {result.snapshots} cuplikan ({result.rewritten} ditulis ulang), "
                    f"{result.figures:,} angka dari {result.memberships:,} kepesertaan dalam {result.seconds:.1f} s"
                )
