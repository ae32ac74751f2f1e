"""The reports page's reads: the stored monthly reports and the recent jobs making them, in the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lindung.core.jobs import jobs_shown
from lindung.core.models import Region
from lindung.core.scoping import scoped
from lindung.coverage.models import CoverageReport, CoverageReportJob

#: Jobs the page lists: the latest few (older ones are in the report table once done).
RECENT_JOBS = 5


def report_list(*, user: Any, regions: list[Region]) -> QuerySet[CoverageReport]:
    return scoped(CoverageReport.objects.filter(region__in=regions), user).select_related("region")


def report_job_list(*, user: Any, regions: list[Region]) -> list[CoverageReportJob]:
    """The latest jobs, newest first; one whose worker died is failed first, so the page never waits forever."""
    jobs = scoped(CoverageReportJob.objects.filter(region__in=regions), user).select_related("region", "report")
    return jobs_shown(jobs.order_by("-created_at", "-pk")[:RECENT_JOBS])


def report_job_get(*, user: Any, pk: int) -> CoverageReportJob | None:
    job = scoped(CoverageReportJob.objects.select_related("region", "report"), user).filter(pk=pk).first()
    return None if job is None else jobs_shown([job])[0]
