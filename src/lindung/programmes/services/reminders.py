"""Late steps: a proposal whose step is past its time limit is notified to the users who must take that step.

Run daily (``tasks.late_step_reminders_task``). Each user who may take the waiting step (right office, not the
proposer nor an earlier checker: maker-checker) gets one notice per proposal and step: a row the programme page
lists, and an e-mail through Django's mail framework when the user has an address. Running again the same day,
or the next, adds nothing for a step already notified; the next step, once late, is notified afresh. Messages
carry the proposal's code, programme and step only (no worker's personal data).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lindung.programmes import permissions
from lindung.programmes.models import NEXT_STEP, Proposal, Step, StepReminder
from lindung.programmes.selectors.proposals import earlier_actors

log = logging.getLogger(__name__)


def _actors(proposal: Proposal, step: str, users: list[Any]) -> list[Any]:
    barred = earlier_actors(proposal)
    return [u for u in users if u.pk not in barred and permissions.can_take_step(u, step, proposal.programme)]


def _message(proposal: Proposal, step: str, days: int, user: Any) -> EmailMessage:
    with override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        subject = _("[Lindung] Usulan %(code)s melewati batas waktu: %(step)s") % {
            "code": proposal.code,
            "step": Step(step).label,
        }
        body = _(
            "Usulan %(code)s (%(programme)s, %(agency)s) menunggu langkah \"%(step)s\" yang menjadi tugas Anda. "
            "Batas waktunya %(due)s, terlambat %(days)s hari.\n\nBuka: %(path)s"
        ) % {"code": proposal.code, "programme": proposal.programme, "agency": proposal.agency.name,
             "step": Step(step).label, "due": proposal.step_due, "days": days,
             "path": reverse("programmes:proposal_detail", args=[proposal.pk])}  # fmt: skip
    return EmailMessage(subject, body, to=[user.email])


def late_step_reminders(*, today: dt.date) -> int:
    """Notify every user who must act on a late step and has not been told yet; returns the notices created."""
    late = Proposal.objects.filter(status__in=list(NEXT_STEP), step_due__lt=today)
    late = late.select_related("programme__region", "agency").order_by("step_due", "pk")
    users = list(get_user_model().objects.filter(is_active=True))
    created, mails = 0, []
    for proposal in late:
        step = str(proposal.next_step)
        told = set(StepReminder.objects.filter(proposal=proposal, step=step).values_list("recipient_id", flat=True))
        days = proposal.overdue_days(today)
        with transaction.atomic():
            for user in _actors(proposal, step, [u for u in users if u.pk not in told]):
                StepReminder.objects.create(proposal=proposal, step=step, recipient=user, overdue_days=days,
                                            sent_at=timezone.now(), emailed=bool(user.email))  # fmt: skip
                created += 1
                if user.email:
                    mails.append(_message(proposal, step, days, user))
    if mails:
        get_connection().send_messages(mails)
    log.info("late-step reminders: %s notices, %s e-mails", created, len(mails))
    return created
