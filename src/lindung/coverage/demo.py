"""Demo step of coverage: compute the aggregates, hand a few gaps to agencies, and queue last month's report,
the nightly refresh and the next monthly report.

The report (PDF and XLSX) is rendered by the task worker that `make demo` starts, as in production: rendering it
here took 11 of the step's 16 s at 200,000 workers.
"""

from __future__ import annotations

import datetime as dt

from lindung.core.models import Agency
from lindung.coverage.models import CoverageSnapshot, FollowUpKind
from lindung.coverage.refresh import coverage_refresh
from lindung.coverage.report import RegionReader
from lindung.coverage.selectors.dashboard import coverage_dashboard
from lindung.coverage.selectors.gaps import gap_villages
from lindung.coverage.services import followup_assign
from lindung.coverage.tasks import coverage_schedule, report_monthly_later
from lindung.demo.context import DemoContext, demo_step


@demo_step("coverage")
def make_coverage(ctx: DemoContext) -> None:
    result = coverage_refresh(region=ctx.region, as_of=ctx.as_of)
    ctx.log(f"  cakupan: {result.snapshots} cuplikan, {result.figures:,} angka ({result.seconds:.1f} s)")
    _demo_followups(ctx)
    period = (ctx.as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if CoverageSnapshot.objects.filter(region=ctx.region, as_of__gte=period).exists():
        report_monthly_later(ctx.region, period)
        ctx.log(f"  laporan bulanan {period:%Y-%m} diantrekan (dibuat oleh task worker)")
    else:
        ctx.log("  laporan bulanan: belum ada data bulan lalu")
    queued = coverage_schedule(ctx.region)  # `make demo` runs a task worker: keep the figures fresh nightly
    ctx.log(f"  dijadwalkan: {', '.join(queued) or '-'}")


def _demo_followups(ctx: DemoContext) -> None:
    """The three lowest kelurahan, handed to the manpower office (as a coordinator would)."""
    reader = RegionReader(ctx.region)
    dashboard = coverage_dashboard(user=reader, region_code=ctx.region.code, as_of=ctx.as_of)
    office = Agency.objects.filter(region=ctx.region, is_manpower_office=True).first()
    if dashboard is None or office is None:
        return
    for row in gap_villages(dashboard.figures)[:3]:
        followup_assign(
            user=reader,
            region=ctx.region,
            kind=FollowUpKind.VILLAGE,
            subject_key=row.key,
            agency=office,
            note="Sosialisasi bersama kepala lingkungan.",
            figure=f"{row.rate('participants')}%",
        )
    ctx.log("  tindak lanjut: 3 kelurahan terendah untuk Disnaker")
