"""The life of a PKS (Perjanjian Kerja Sama): which step may follow which, and what each step needs.

draft → in_review (legal) → agreed → signed → active → expiring → expired | renewed. Legal may send a draft
back (in_review → draft). Every other move is refused with a message that names the step that comes next, so
an officer who tries "signed" before "agreed" learns what to do instead.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindung.web.templatetags.lindung_format import format_date_id

#: Reminders: a PKS left in one of these steps longer than this many days needs a push.
STUCK_AFTER_DAYS = {"draft": 30, "in_review": 21, "agreed": 14, "signed": 14}
#: Reminders and the active → expiring step: a PKS ending within this many days is "expiring".
EXPIRY_WARNING_DAYS = 60


class PksStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Telaah hukum")
    AGREED = "agreed", _("Disepakati")
    SIGNED = "signed", _("Ditandatangani")
    ACTIVE = "active", _("Berlaku")
    EXPIRING = "expiring", _("Segera berakhir")
    EXPIRED = "expired", _("Berakhir")
    RENEWED = "renewed", _("Diperpanjang")


NEXT: dict[str, tuple[str, ...]] = {
    PksStatus.DRAFT: (PksStatus.IN_REVIEW,),
    PksStatus.IN_REVIEW: (PksStatus.AGREED, PksStatus.DRAFT),
    PksStatus.AGREED: (PksStatus.SIGNED,),
    PksStatus.SIGNED: (PksStatus.ACTIVE,),
    PksStatus.ACTIVE: (PksStatus.EXPIRING,),
    PksStatus.EXPIRING: (PksStatus.EXPIRED, PksStatus.RENEWED),
    PksStatus.EXPIRED: (),
    PksStatus.RENEWED: (),
}
CLOSED = frozenset({PksStatus.EXPIRED, PksStatus.RENEWED})
#: Order of the steps, for sorting the scorecard by how far each agency has come.
RANK = {status: index for index, status in enumerate(PksStatus.values)}
BADGE = {
    PksStatus.DRAFT: "secondary",
    PksStatus.IN_REVIEW: "info",
    PksStatus.AGREED: "primary",
    PksStatus.SIGNED: "primary",
    PksStatus.ACTIVE: "success",
    PksStatus.EXPIRING: "warning",
    PksStatus.EXPIRED: "danger",
    PksStatus.RENEWED: "dark",
}


def badge(status: str) -> str:
    """The Bootstrap colour of a status badge."""
    return BADGE[PksStatus(status)]


def label(status: str) -> str:
    return str(PksStatus(status).label)


def transition_error(current: str, wanted: str) -> str | None:
    """Why ``current`` → ``wanted`` is not allowed, or ``None`` when it is."""
    if wanted not in PksStatus.values:
        return gettext("Langkah PKS '%(step)s' tidak dikenal.") % {"step": wanted}
    allowed = NEXT[current]
    if wanted in allowed:
        return None
    if not allowed:
        return gettext("PKS berstatus '%(current)s' sudah selesai; tidak ada langkah berikutnya.") % {
            "current": label(current)
        }
    return gettext("PKS tidak dapat berpindah dari '%(current)s' ke '%(wanted)s'. Langkah berikutnya: %(next)s.") % {
        "current": label(current),
        "wanted": label(wanted),
        "next": ", ".join(f"'{label(s)}'" for s in allowed),
    }


#: BPJS Ketenagakerjaan began operating on 1 January 2014 (UU 24/2011): no agreement with it is older.
AGREEMENT_FIRST_DAY = dt.date(2014, 1, 1)
#: The longest an MoU or a PKS may run, in years from its start (a guard against typing 9999).
AGREEMENT_MAX_YEARS = 30


def agreement_dates_ok(*, signed_on: dt.date, valid_from: dt.date, valid_to: dt.date, today: dt.date) -> bool:
    """Whether an agreement's dates can be real: signing and start from ``AGREEMENT_FIRST_DAY`` to the end of next
    year, the end at most ``AGREEMENT_MAX_YEARS`` after the start (0001-01-01 or 9999-12-31 are typing mistakes)."""
    last = dt.date(today.year + 1, 12, 31)
    in_range = all(AGREEMENT_FIRST_DAY <= day <= last for day in (signed_on, valid_from))
    return in_range and valid_to.year <= valid_from.year + AGREEMENT_MAX_YEARS


def date_error(
    wanted: str,
    *,
    today: dt.date,
    signed_on: dt.date | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
) -> str | None:
    """What the dates of a PKS must satisfy before it can enter ``wanted``, or ``None`` when they do."""
    if wanted == PksStatus.SIGNED:
        if signed_on is None or valid_from is None or valid_to is None:
            return gettext(
                "Untuk menandai PKS ditandatangani, isi tanggal tanda tangan, tanggal mulai dan tanggal berakhir."
            )
        if signed_on > today:
            return gettext("Tanggal tanda tangan tidak boleh di masa depan.")
        if not agreement_dates_ok(signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, today=today):
            return gettext(
                "Tanggal PKS di luar rentang yang diterima: tanggal tanda tangan dan tanggal mulai antara %(first)s "
                "dan %(last)s, tanggal berakhir paling lama %(years)s tahun sesudah tanggal mulai."
            ) % {
                "first": format_date_id(AGREEMENT_FIRST_DAY),
                "last": format_date_id(dt.date(today.year + 1, 12, 31)),
                "years": AGREEMENT_MAX_YEARS,
            }
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        return gettext("Tanggal berakhir PKS harus sama dengan atau sesudah tanggal mulai.")
    if wanted == PksStatus.ACTIVE and valid_from is not None and valid_from > today:
        return gettext("PKS baru dapat berlaku mulai %(date)s.") % {"date": format_date_id(valid_from)}
    if wanted == PksStatus.EXPIRING and valid_to is not None and (valid_to - today).days > EXPIRY_WARNING_DAYS:
        return gettext("PKS baru dapat ditandai segera berakhir %(days)s hari sebelum tanggal berakhir.") % {
            "days": EXPIRY_WARNING_DAYS
        }
    if wanted == PksStatus.EXPIRED and valid_to is not None and valid_to >= today:
        return gettext("PKS masih berlaku sampai %(date)s.") % {"date": format_date_id(valid_to)}
    return None
