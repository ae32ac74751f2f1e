"""The registry's one door to socialisation events (partnership): check a code, attribute a registration.

Partnership builds on the registry (its events point at memberships), so the registry reaches it only here,
with imports inside the functions, and only for the event code a registrant gives.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lindung.core.models import Region

if TYPE_CHECKING:
    from lindung.partnership.models import Event
    from lindung.registry.models import Membership


def normalise_event_code(code: str) -> str:
    return "".join(code.split()).upper()


def event_for_code(*, code: str, region: Region, today: dt.date) -> Event:
    """The region's event with this code, held on or before ``today``; a clear message otherwise."""
    from lindung.partnership.models import Event

    event = Event.objects.filter(code__iexact=code, region=region).first()
    if event is None:
        raise ValidationError(
            {
                "event_code": _(
                    "Kode acara %(code)s tidak dikenal di wilayah ini. Periksa kode pada undangan atau daftar "
                    "hadir acara, atau kosongkan."
                )
                % {"code": code}
            }
        )
    if event.held_on > today:
        raise ValidationError(
            {
                "event_code": _("Acara %(code)s baru berlangsung pada %(day)s: pendaftaran belum dapat dikaitkan.")
                % {"code": event.code, "day": event.held_on.strftime("%d-%m-%Y")}
            }
        )
    return event


def attribute_first_registration(membership: Membership) -> None:
    """Credit a worker's first registration to the event whose code the worker gave, once per worker.

    A membership that starts before the event, or a worker already credited, is left alone: the worker keeps
    the code, and the funnel still matches attendees by NIK.
    """
    from lindung.partnership.models import Event, EventAttribution
    from lindung.partnership.services import event_attribute_registration

    worker = membership.worker
    if not worker.event_code or membership.previous_id is not None:
        return
    event = Event.objects.filter(code=worker.event_code, region=worker.region_id).first()
    if event is None or membership.valid_from < event.held_on:
        return
    if EventAttribution.objects.filter(membership__worker=worker).exists():
        return
    event_attribute_registration(event=event, membership=membership, user=None)
