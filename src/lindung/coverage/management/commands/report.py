"""`lindung report monthly --period 2026-10`: the mayor's monthly coverage report (PDF and XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.core.audit import audit_context
from lindung.core.models import Region


class Command(BaseCommand):
    help = "Generate the monthly coverage report of a region (PDF + XLSX), or schedule it in the task queue."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        monthly = actions.add_parser("monthly", help="the mayor's monthly coverage report")
        monthly.add_argument("--period", help="YYYY-MM (default: last month)", default="")
        monthly.add_argument("--region", default=settings.LINDUNG_REGION, help="Kemendagri code, e.g. 12.71")
        monthly.add_argument("--output", type=Path, help="also copy the PDF and XLSX into this folder")
        monthly.add_argument("--schedule", action="store_true", help="queue it monthly instead of running it now")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Wilayah {options['region']} belum dimuat: jalankan `lindung load_region` dulu.")
        if options["schedule"]:
            from lindung.coverage.tasks import coverage_schedule

            queued = coverage_schedule(region)
            self.stdout.write(f"dijadwalkan: {', '.join(queued) or 'sudah ada dalam antrean'}")
            return
        report = self._generate(region, options["period"])
        self.stdout.write(f"laporan {region.code} {report.period:%Y-%m} per {report.as_of}: {report.pdf.path}")
        self.stdout.write(f"lampiran: {report.xlsx.path}")
        if options["output"]:
            folder: Path = options["output"]
            folder.mkdir(parents=True, exist_ok=True)
            for stored, suffix in ((report.pdf, "pdf"), (report.xlsx, "xlsx")):
                target = folder / f"laporan-cakupan-{region.code}-{report.period:%Y-%m}.{suffix}"
                target.write_bytes(Path(stored.path).read_bytes())
                self.stdout.write(f"disalin: {target}")

    def _generate(self, region: Region, period_text: str) -> Any:
        from lindung.coverage.models import CoverageSnapshot
        from lindung.coverage.refresh import coverage_refresh
        from lindung.coverage.report import period_of, report_monthly_generate
        from lindung.coverage.tasks import report_monthly_task

        if not period_text:
            return _run_task_now(report_monthly_task, region.pk)
        try:
            period = period_of(period_text)
            with audit_context(label="lindung report"):
                if not CoverageSnapshot.objects.filter(region=region).exists():
                    coverage_refresh(region=region)
                return report_monthly_generate(region=region, period=period, generated_by="lindung report")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc


def _run_task_now(task_obj: Any, region_id: int) -> Any:
    from lindung.coverage.models import CoverageReportJob
    from lindung.coverage.report_jobs import report_job_message

    task_obj.call(region_id)
    job = CoverageReportJob.objects.filter(region_id=region_id).order_by("-pk").first()
    if job is None or job.report is None:
        raise CommandError(report_job_message(job) if job is not None else "Laporan tidak dibuat.")
    return job.report
