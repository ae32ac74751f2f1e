"""The as-of date of a year's figures and the region the partnership is about, shared by pages and tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import formats, timezone

from lindung.core.models import Region
from lindung.core.scoping import scoped


def as_of_for(year: int) -> dt.date:
    """Figures of a past year are as of its last day; the current year's as of today."""
    return min(timezone.localdate(), dt.date(year, 12, 31))


def home_region(user: Any) -> Region | None:
    """The installation's region, if the user may see it (the partnership is per region)."""
    return (
        scoped(Region.objects.filter(code=settings.LINDUNG_REGION), user).first()
        or scoped(Region.objects.order_by("code"), user).first()
    )


def month_labels(year: int) -> list[str]:
    """The twelve months of ``year`` in the reader's language (``Mei 2026``, ``May 2026``), for charts: an ISO
    month (``2026-05``) is read as a date by the chart, which then names it in English on every page."""
    return [formats.date_format(dt.date(year, month, 1), "F Y") for month in range(1, 13)]
