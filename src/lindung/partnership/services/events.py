"""Writes of socialisation events: the event, its attendees (with consent), follow-ups and attributions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.core import crypto
from lindung.core.models import Agency, Region, Village
from lindung.partnership.models import Attendee, Event, EventAttribution, EventOrganiser, FollowUp
from lindung.regions.nik import NikIssue, check_nik, mask_nik
from lindung.registry.models import Membership


def _nik_message(issue: NikIssue) -> str:
    """The NIK check carries its messages in both languages (it is pure, without gettext)."""
    return issue.message_en if (get_language() or "id").startswith("en") else issue.message_id


#: Without an MoU, events count from 2017, the first year of the Paritrana Award (and of the events' year list).
FIRST_EVENT_YEAR = 2017


def event_date_window(*, region: Region, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days an event may be held: from 1 January of the year before the region's first MoU (socialisation
    starts while the MoU is prepared; 2017 without an MoU) to 31 December of next year (events are planned at
    most a year ahead; targets are per year). A date outside is a typing mistake such as 0001-01-01."""
    first_mou = region.mous.order_by("signed_on").values_list("signed_on", flat=True).first()
    first_year = max(first_mou.year - 1, dt.MINYEAR) if first_mou is not None else FIRST_EVENT_YEAR
    return dt.date(min(first_year, today.year), 1, 1), dt.date(today.year + 1, 12, 31)


def _day(day: dt.date) -> str:
    """DD-MM-YYYY with a four-digit year (strftime writes year 1 as "1")."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def event_date_check(*, region: Region, held_on: dt.date, today: dt.date | None = None) -> None:
    first, last = event_date_window(region=region, today=today or timezone.localdate())
    if not first <= held_on <= last:
        raise ValidationError(
            {
                "held_on": _(
                    "Tanggal acara %(day)s di luar rentang yang diterima: antara %(first)s dan %(last)s "
                    "(sejak setahun sebelum nota kesepakatan pertama sampai akhir tahun depan)."
                )
                % {"day": _day(held_on), "first": _day(first), "last": _day(last)}
            }
        )


def event_code_next(*, region: Region, held_on: dt.date) -> str:
    """The next free code of the region and year, e.g. ``SOS-1271-25014``: short enough for a leaflet."""
    prefix = f"SOS-{region.code.replace('.', '')}-{held_on.year % 100:02d}"
    number = Event.objects.filter(code__startswith=prefix).count() + 1
    while Event.objects.filter(code=f"{prefix}{number:03d}").exists():
        number += 1
    return f"{prefix}{number:03d}"


@transaction.atomic
def event_create(
    *,
    region: Region,
    title: str,
    held_on: dt.date,
    organisers: Sequence[Agency],
    lead: Agency | None = None,
    village: Village | None = None,
    venue: str = "",
    audience_sector: str = "",
    audience_group: str = "",
    attendance: int = 0,
    cost: int | None = None,
    notes: str = "",
    code: str | None = None,
) -> Event:
    """Record an event organised by one or more agencies of the region; the first organiser leads by default."""
    if not organisers:
        raise ValidationError(_("Pilih paling sedikit satu perangkat daerah penyelenggara."))
    if any(agency.region_id != region.pk for agency in organisers):
        raise ValidationError(_("Penyelenggara harus perangkat daerah wilayah ini."))
    if village is not None and village.district.region_id != region.pk:
        raise ValidationError(_("Kelurahan harus berada di wilayah ini."))
    if attendance < 0 or (cost is not None and cost < 0):
        raise ValidationError(_("Jumlah hadir dan biaya tidak boleh negatif."))
    lead = lead if lead in organisers else organisers[0]
    event = Event(region=region, code=code or event_code_next(region=region, held_on=held_on), title=title.strip(),
                  held_on=held_on, village=village, venue=venue, audience_sector=audience_sector,
                  audience_group=audience_group, attendance=attendance, cost=cost, notes=notes)  # fmt: skip
    event.full_clean()
    event.save()
    EventOrganiser.objects.bulk_create(
        EventOrganiser(event=event, agency=agency, is_lead=agency == lead) for agency in dict.fromkeys(organisers)
    )
    return event


@transaction.atomic
def event_update_outcome(*, event: Event, attendance: int, cost: int | None, notes: str | None = None) -> Event:
    """After the event: the headcount (never below the attendees recorded) and the cost, if known."""
    if attendance < 0 or (cost is not None and cost < 0):
        raise ValidationError(_("Jumlah hadir dan biaya tidak boleh negatif."))
    recorded = event.attendees.count()
    if attendance < recorded:
        raise ValidationError(
            _("Jumlah hadir tidak boleh kurang dari peserta yang tercatat (%(n)s).") % {"n": recorded}
        )
    event.attendance, event.cost = attendance, cost
    if notes is not None:
        event.notes = notes
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def attendee_add(
    *,
    event: Event,
    name: str,
    nik: str,
    consent: bool,
    occupation: str = "",
    follow_up: str = "",
    today: dt.date | None = None,
) -> Attendee:
    """Record an attendee who agreed to leave details; the NIK must pass the offline check."""
    if not consent:
        raise ValidationError(_("Data peserta hanya boleh dicatat dengan persetujuannya. Centang persetujuan."))
    if not name.strip():
        raise ValidationError(_("Isi nama peserta."))
    checked = check_nik(nik, today=today or timezone.localdate(), region=event.region.code)
    if not checked.valid or checked.nik is None:
        raise ValidationError(" ".join(_nik_message(issue) for issue in checked.errors))
    index = crypto.blind_index(checked.nik)
    if Attendee.objects.filter(event=event, nik_index=index).exists():
        raise ValidationError(_("Peserta dengan NIK ini sudah tercatat di acara ini."))
    attendee = Attendee(event=event, name=name.strip(), nik_cipher=crypto.encrypt(checked.nik), nik_index=index,
                        nik_masked=mask_nik(checked.nik), occupation=occupation.strip(), consent_at=timezone.now(),
                        follow_up=follow_up)  # fmt: skip
    attendee.full_clean()
    attendee.save()
    recorded = event.attendees.count()
    if event.attendance < recorded:
        event.attendance = recorded
        event.save(update_fields=["attendance"])
    return attendee


@transaction.atomic
def attendee_follow_up(*, attendee: Attendee, follow_up: str, note: str = "") -> Attendee:
    if follow_up not in FollowUp.values:
        raise ValidationError(_("Status tindak lanjut tidak dikenal."))
    attendee.follow_up, attendee.follow_up_note = follow_up, note.strip()[:300]
    attendee.full_clean()
    attendee.save(update_fields=["follow_up", "follow_up_note"])
    return attendee


@transaction.atomic
def event_attribute_registration(*, event: Event, membership: Membership, user: Any) -> EventAttribution:
    """Link a registration that named the event's code; the registration must come after the event."""
    if membership.worker.region_id != event.region_id:
        raise ValidationError(_("Pendaftaran ini berada di luar wilayah acara."))
    if membership.valid_from < event.held_on:
        raise ValidationError(_("Pendaftaran ini dimulai sebelum acara, jadi tidak dapat diatribusikan ke acara."))
    existing = EventAttribution.objects.filter(membership=membership).select_related("event").first()
    if existing is not None:
        raise ValidationError(
            _("Pendaftaran ini sudah diatribusikan ke acara %(code)s.") % {"code": existing.event.code}
        )
    attribution = EventAttribution(event=event, membership=membership,
                                   created_by=user if getattr(user, "is_authenticated", False) else None)  # fmt: skip
    attribution.full_clean()
    attribution.save()
    return attribution
