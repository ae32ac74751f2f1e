"""Writes of the MoU and the PKS: creation, the step-by-step lifecycle, obligations and targets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.models import Agency, Branch, Region
from lindung.partnership import lifecycle
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import Mou, MouScopeItem, Pks, PksObligation, PksTarget, PksTransition
from lindung.web.templatetags.lindung_format import format_date_id


def mou_dates_error(*, signed_on: dt.date, valid_from: dt.date, valid_to: dt.date, today: dt.date) -> str | None:
    """Why the dates of an MoU cannot be right (a typing mistake such as 0001-01-01 or 9999-12-31), or None.
    Signing and start lie between the first day of BPJS Ketenagakerjaan and the end of next year."""
    last = dt.date(today.year + 1, 12, 31)
    if lifecycle.agreement_dates_ok(signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, today=today):
        return None
    return _(
        "Tanggal Nota Kesepakatan di luar rentang yang diterima: tanggal penandatanganan dan tanggal mulai antara "
        "%(first)s dan %(last)s, tanggal berakhir paling lama %(years)s tahun sesudah tanggal mulai."
    ) % {
        "first": format_date_id(lifecycle.AGREEMENT_FIRST_DAY),
        "last": format_date_id(last),
        "years": lifecycle.AGREEMENT_MAX_YEARS,
    }


def _actor_label(user: Any) -> str:
    return user.get_username() if user is not None and getattr(user, "is_authenticated", False) else "system"


@transaction.atomic
def mou_create(
    *,
    region: Region,
    number: str,
    title: str,
    signed_on: dt.date,
    valid_from: dt.date,
    valid_to: dt.date,
    city_signatory: str,
    branch_signatory: str,
    branch: Branch | None = None,
    branch_number: str = "",
    agencies: Sequence[Agency] = (),
    scope_items: Sequence[tuple[str, str]] = (),
) -> Mou:
    """Record a signed MoU with the agencies that carry it out and its scope articles (kind, text)."""
    if valid_to < valid_from:
        raise ValidationError(_("Tanggal berakhir Nota Kesepakatan harus sesudah tanggal mulai."))
    problem = mou_dates_error(signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, today=timezone.localdate())
    if problem:
        raise ValidationError(problem)
    if any(agency.region_id != region.pk for agency in agencies):
        raise ValidationError(_("Semua perangkat daerah harus berasal dari wilayah Nota Kesepakatan."))
    mou = Mou(region=region, branch=branch, number=number.strip(), branch_number=branch_number.strip(), title=title,
              signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, city_signatory=city_signatory,
              branch_signatory=branch_signatory)  # fmt: skip
    mou.full_clean()
    mou.save()
    mou.agencies.set(agencies)
    for position, (kind, text) in enumerate(scope_items):
        mou_scope_item_add(mou=mou, kind=kind, text=text, position=position)
    return mou


@transaction.atomic
def mou_update(*, mou: Mou, fields: dict[str, Any], agencies: Sequence[Agency] | None = None) -> Mou:
    """Change the MoU's header fields (and its agencies); dates must stay in order."""
    for name, value in fields.items():
        setattr(mou, name, value)
    if mou.valid_to < mou.valid_from:
        raise ValidationError(_("Tanggal berakhir Nota Kesepakatan harus sesudah tanggal mulai."))
    mou.full_clean()
    mou.save()
    if agencies is not None:
        if any(agency.region_id != mou.region_id for agency in agencies):
            raise ValidationError(_("Semua perangkat daerah harus berasal dari wilayah Nota Kesepakatan."))
        mou.agencies.set(agencies)
    return mou


@transaction.atomic
def mou_scope_item_add(*, mou: Mou, kind: str, text: str, position: int | None = None) -> MouScopeItem:
    if position is None:
        position = mou.scope_items.count()
    item = MouScopeItem(mou=mou, kind=kind, text=text.strip(), position=position)
    item.full_clean()
    item.save()
    return item


def _record_step(pks: Pks, *, from_status: str, to_status: str, user: Any, note: str, at: dt.datetime) -> None:
    step = PksTransition(pks=pks, from_status=from_status, to_status=to_status, at=at,
                         by=user if getattr(user, "is_authenticated", False) else None,
                         by_label=_actor_label(user), note=note[:300])  # fmt: skip
    step.full_clean()
    step.save()


@transaction.atomic
def pks_create(
    *, mou: Mou, agency: Agency, title: str, user: Any, number: str = "", scope_note: str = "", note: str = ""
) -> Pks:
    """Open a PKS draft for an agency under the MoU; an agency has at most one PKS still running."""
    if agency.region_id != mou.region_id:
        raise ValidationError(_("Perangkat daerah harus berasal dari wilayah Nota Kesepakatan."))
    if Pks.objects.filter(agency=agency).exclude(status__in=lifecycle.CLOSED).exists():
        raise ValidationError(
            _("%(agency)s sudah memiliki PKS yang masih berjalan; selesaikan atau perpanjang PKS itu.")
            % {"agency": agency.name}
        )
    now = timezone.now()
    pks = Pks(mou=mou, agency=agency, title=title.strip(), number=number.strip(), scope_note=scope_note,
              status=PksStatus.DRAFT, status_changed_at=now)  # fmt: skip
    pks.full_clean()
    pks.save()
    _record_step(pks, from_status="", to_status=PksStatus.DRAFT, user=user, note=note, at=now)
    return pks


@transaction.atomic
def pks_transition(
    *,
    pks: Pks,
    to_status: str,
    user: Any,
    note: str = "",
    signed_on: dt.date | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    number: str | None = None,
    today: dt.date | None = None,
) -> Pks:
    """Move a PKS one step along its lifecycle; out-of-order steps are refused and nothing is saved.

    Signing records the signing date and period (and the number, if given). Renewing closes this PKS and opens
    a new draft for the agency with the same obligations, so the next period starts from what was agreed.
    """
    locked = Pks.objects.select_for_update().get(pk=pks.pk)
    problem = lifecycle.transition_error(locked.status, to_status)
    if problem:
        raise ValidationError(problem)
    if to_status == PksStatus.SIGNED:
        locked.signed_on, locked.valid_from, locked.valid_to = signed_on, valid_from, valid_to
        if number:
            locked.number = number.strip()
    today = today or timezone.localdate()
    problem = lifecycle.date_error(to_status, today=today, signed_on=locked.signed_on,
                                   valid_from=locked.valid_from, valid_to=locked.valid_to)  # fmt: skip
    if problem:
        raise ValidationError(problem)
    if to_status == PksStatus.SIGNED:
        _check_targets_within_signed_term(locked)
    now = timezone.now()
    from_status = locked.status
    locked.status, locked.status_changed_at = to_status, now
    locked.full_clean()
    locked.save()
    _record_step(locked, from_status=from_status, to_status=to_status, user=user, note=note, at=now)
    if to_status == PksStatus.RENEWED:
        _pks_successor_create(locked, user=user)
    return locked


def _pks_successor_create(previous: Pks, *, user: Any) -> Pks:
    successor = pks_create(mou=previous.mou, agency=previous.agency, title=previous.title, user=user,
                           scope_note=previous.scope_note, note=_("Perpanjangan PKS %(number)s") % {
                               "number": str(previous)})  # fmt: skip
    successor.renewal_of = previous
    successor.save(update_fields=["renewal_of"])
    PksObligation.objects.bulk_create(
        PksObligation(pks=successor, party=o.party, text=o.text) for o in previous.obligations.all()
    )
    return successor


def pks_refresh_by_date(*, today: dt.date) -> list[tuple[Pks, str]]:
    """Take the steps that follow from the calendar: signed → active, active → expiring, expiring → expired."""
    moves: list[tuple[Pks, str]] = []
    following = {PksStatus.SIGNED: PksStatus.ACTIVE, PksStatus.ACTIVE: PksStatus.EXPIRING,
                 PksStatus.EXPIRING: PksStatus.EXPIRED}  # fmt: skip
    for pks in Pks.objects.filter(status__in=list(following)).select_related("agency").order_by("pk"):
        target = following[PksStatus(pks.status)]
        dates = {"signed_on": pks.signed_on, "valid_from": pks.valid_from, "valid_to": pks.valid_to}
        if pks.valid_to is None or lifecycle.date_error(target, today=today, **dates) is not None:
            continue
        moved = pks_transition(pks=pks, to_status=target, user=None, today=today, note=_("Otomatis menurut tanggal"))
        moves.append((moved, target))
    return moves


@transaction.atomic
def pks_obligation_add(
    *, pks: Pks, party: str, text: str, due_on: dt.date | None = None, done: bool = False
) -> PksObligation:
    if not pks.is_open:
        raise ValidationError(_("PKS ini sudah selesai; kewajiban tidak dapat ditambah."))
    obligation = PksObligation(pks=pks, party=party, text=text.strip(), due_on=due_on, done=done)
    obligation.full_clean()
    obligation.save()
    return obligation


@transaction.atomic
def pks_obligation_set_done(*, obligation: PksObligation, done: bool) -> PksObligation:
    obligation.done = done
    obligation.save(update_fields=["done"])
    return obligation


@transaction.atomic
def pks_target_add(
    *,
    pks: Pks,
    period_start: dt.date | None,
    period_end: dt.date | None,
    segment: str = "",
    programme: str = "",
    workers: int = 0,
    events: int = 0,
    budget: int = 0,
) -> PksTarget:
    """Add a target for a period: workers to enrol (by segment and programme), events to hold, budget (Rp)."""
    if period_start is None or period_end is None:
        raise ValidationError(_("Target harus memiliki periode: isi tanggal mulai dan tanggal selesai."))
    if period_end <= period_start:
        raise ValidationError(_("Periode target harus berakhir sesudah dimulai."))
    _check_target_within_term(pks, period_start, period_end)
    if min(workers, events, budget) < 0:
        raise ValidationError(_("Target tidak boleh negatif: isi 0 atau lebih."))
    if workers == events == budget == 0:
        raise ValidationError(_("Isi paling sedikit satu target: pekerja, acara atau anggaran."))
    if not pks.is_open:
        raise ValidationError(_("PKS ini sudah selesai; target tidak dapat ditambah."))
    target = PksTarget(pks=pks, period_start=period_start, period_end=period_end, segment=segment,
                       programme=programme, workers=workers, events=events, budget=budget)  # fmt: skip
    target.full_clean()
    target.save()
    return target


def _check_target_within_term(pks: Pks, period_start: dt.date, period_end: dt.date) -> None:
    """A target counts within the PKS's own term; a PKS not signed yet has none, so its MoU's term bounds it."""
    first = pks.valid_from or pks.mou.valid_from
    last = pks.valid_to or pks.mou.valid_to
    if period_start < first or period_end > last:
        if pks.valid_from and pks.valid_to:
            message = _("Periode target harus berada dalam masa berlaku PKS: %(first)s sampai %(last)s.")
        else:
            message = _("Periode target harus berada dalam masa berlaku Nota Kesepakatan: %(first)s sampai %(last)s.")
        raise ValidationError(message % {"first": format_date_id(first), "last": format_date_id(last)})


def _check_targets_within_signed_term(pks: Pks) -> None:
    """Targets entered before signing were bounded by the MoU's term: signing a shorter term that leaves one of
    them outside is refused, naming them, rather than keep targets the rule above would now refuse."""
    if pks.valid_from is None or pks.valid_to is None:
        return
    outside = list(
        pks.targets.filter(Q(period_start__lt=pks.valid_from) | Q(period_end__gt=pks.valid_to)).order_by("period_start")
    )
    if outside:
        periods = ", ".join(f"{format_date_id(t.period_start)} – {format_date_id(t.period_end)}" for t in outside)
        raise ValidationError(
            _(
                "Masa berlaku yang ditandatangani (%(first)s sampai %(last)s) tidak mencakup %(count)s target yang "
                "sudah dicatat (%(periods)s). Ubah atau hapus target itu dulu, lalu catat penandatanganan lagi."
            )
            % {
                "first": format_date_id(pks.valid_from),
                "last": format_date_id(pks.valid_to),
                "count": len(outside),
                "periods": periods,
            }
        )


@transaction.atomic
def pks_target_delete(*, target: PksTarget) -> None:
    if not target.pks.is_open:
        raise ValidationError(_("PKS ini sudah selesai; target tidak dapat dihapus."))
    target.delete()
