"""`lindung billing run --period 2026-01`: bill a month in the foreground with a progress bar."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.services import (
    RunAlreadyQueued,
    billing_run_execute,
    billing_run_start,
    billing_run_take,
    period_parse,
)
from lindung.billing.services.runs import DEFAULT_CHUNK
from lindung.core.audit import audit_context
from lindung.core.jobs import JobLost, stall_limit
from lindung.core.models import Region


class Command(BaseCommand):
    help = "Billing: `run` bills a month (resumes a run that was interrupted; a finished month is left as it is)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="bill every active membership of a month")
        run.add_argument("--period", required=True, help="YYYY-MM, e.g. 2026-01")
        run.add_argument("--region", default=settings.LINDUNG_REGION, help="Kemendagri code (default: this region)")
        run.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK, help="memberships per checkpoint")
        run.add_argument("--no-progress", action="store_true", help="no progress bar (logs, cron)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Region {options['region']} is not loaded: run `lindung load_region kota-medan` first.")
        try:
            period = period_parse(options["period"])
            run = billing_run_start(region=region, period=period, chunk_size=options["chunk_size"])
            run = billing_run_take(run=run)  # not while the task worker (or another command) has it
        except RunAlreadyQueued as busy:
            minutes = int(stall_limit().total_seconds() // 60)
            wait = _(
                "Tunggu sampai selesai; jika prosesnya mati, jalankan lagi setelah %(m)s menit tanpa kabar darinya."
            )
            raise CommandError(f"{busy.messages[0]} {wait % {'m': minutes}}") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if run.status == RunStatus.DONE:
            self.stdout.write(f"{period:%Y-%m} already billed: {run.invoices_created} invoices; nothing new created.")
            return
        with audit_context(label="billing-cli"):
            run = self._execute(run, quiet=options["no_progress"])
        self.stdout.write(
            f"{period:%Y-%m} {region.name}: {run.rows_done:,} lines, {run.adjustment_lines:,} adjustments, "
            f"{run.fine_lines:,} fines, {run.invoices_created:,} invoices ({run.rules_version})"
        )

    def _execute(self, run: BillingRun, *, quiet: bool) -> BillingRun:
        bar = tqdm(total=100, unit="%", desc=f"billing {run.period:%Y-%m}", disable=quiet, file=self.stderr._out)

        def progress(current: BillingRun) -> None:
            bar.n = current.percent
            bar.set_postfix_str(f"{current.rows_done:,} lines, {current.get_phase_display()}", refresh=True)

        try:
            return billing_run_execute(run=run, progress=progress)
        except JobLost:  # silent too long, the run was taken over: the other process resumes it
            message = _(
                "Penagihan periode %(p)s diambil alih proses lain karena perintah ini terlalu lama tanpa kabar; "
                "perintah ini berhenti. Bagian yang sudah dihitung tetap tersimpan."
            )
            raise CommandError(message % {"p": f"{run.period:%Y-%m}"}) from None
        except Exception as exc:
            raise CommandError(f"the run stopped ({type(exc).__name__}); run the same command again to resume") from exc
        finally:
            bar.close()
