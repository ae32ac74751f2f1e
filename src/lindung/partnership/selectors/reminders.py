"""Reminders: a PKS stuck too long in a step, or ending within 60 days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.partnership import lifecycle
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import Pks
from lindung.web.templatetags.lindung_format import format_date_id


@dataclass(frozen=True)
class Reminder:
    pks: Pks
    kind: str  # "stuck" or "expiring"
    days: int
    limit: int

    @property
    def message(self) -> str:
        if self.kind == "stuck":
            return _("%(agency)s: PKS sudah %(days)s hari di langkah '%(step)s' (batas %(limit)s hari).") % {
                "agency": self.pks.agency.name, "days": self.days, "step": lifecycle.label(self.pks.status),
                "limit": self.limit,
            }  # fmt: skip
        return _("%(agency)s: PKS berakhir %(date)s, %(days)s hari lagi. Siapkan perpanjangan.") % {
            "agency": self.pks.agency.name, "date": format_date_id(self.pks.valid_to), "days": self.days,
        }  # fmt: skip


def pks_reminders(*, pks: QuerySet[Pks], today: dt.date) -> list[Reminder]:
    """Reminders for the PKS in ``pks`` (scoped by the caller; all of them for the system command)."""
    reminders: list[Reminder] = []
    open_steps = [*lifecycle.STUCK_AFTER_DAYS, PksStatus.ACTIVE, PksStatus.EXPIRING]
    for item in pks.filter(status__in=open_steps).select_related("agency").order_by("agency__name", "pk"):
        limit = lifecycle.STUCK_AFTER_DAYS.get(item.status)
        if limit is not None:
            days = (today - timezone.localtime(item.status_changed_at).date()).days
            if days > limit:
                reminders.append(Reminder(item, "stuck", days, limit))
        elif item.valid_to is not None:
            left = (item.valid_to - today).days
            if 0 <= left <= lifecycle.EXPIRY_WARNING_DAYS:
                reminders.append(Reminder(item, "expiring", left, lifecycle.EXPIRY_WARNING_DAYS))
    return reminders
