"""The PKS lifecycle: steps in order with who and when, out-of-order steps refused, renewal, calendar steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.partnership import lifecycle, services
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import Pks, PksTransition
from tests.factories import World
from tests.partnership.factories import TODAY, make_active_pks, make_mou

pytestmark = pytest.mark.django_db


def test_every_step_in_order_is_recorded_with_who_and_when(world: World) -> None:
    mou = make_mou(world.medan, [world.agency])
    coordinator = world.users["coordinator"]
    pks = make_active_pks(mou, world.agency, user=coordinator)
    steps = list(PksTransition.objects.filter(pks=pks).values_list("from_status", "to_status", "by_label"))
    assert steps == [
        ("", "draft", "koordinator"), ("draft", "in_review", "koordinator"), ("in_review", "agreed", "koordinator"),
        ("agreed", "signed", "koordinator"), ("signed", "active", "koordinator"),
    ]  # fmt: skip
    assert all(t.by == coordinator and t.at is not None for t in pks.transitions.all())
    pks.refresh_from_db()
    assert (pks.status, pks.number, pks.valid_to) == ("active", "001/PKS", dt.date(2027, 12, 31))


def test_signed_before_agreed_is_refused_with_the_next_step_named_and_nothing_saved(world: World) -> None:
    pks = services.pks_create(mou=make_mou(world.medan, [world.agency]), agency=world.agency, title="PKS", user=None)
    with pytest.raises(ValidationError) as refused:
        services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY,
                                signed_on=TODAY, valid_from=TODAY, valid_to=TODAY)  # fmt: skip
    assert "tidak dapat berpindah dari 'Draf' ke 'Ditandatangani'" in refused.value.messages[0]
    assert "Langkah berikutnya: 'Telaah hukum'" in refused.value.messages[0]
    pks.refresh_from_db()
    assert (pks.status, pks.signed_on, pks.transitions.count()) == ("draft", None, 1)


def test_signing_needs_its_dates_and_an_end_after_the_start(world: World) -> None:
    pks = services.pks_create(mou=make_mou(world.medan, [world.agency]), agency=world.agency, title="PKS", user=None)
    for step in (PksStatus.IN_REVIEW, PksStatus.AGREED):
        pks = services.pks_transition(pks=pks, to_status=step, user=None, today=TODAY)
    with pytest.raises(ValidationError, match="isi tanggal tanda tangan"):
        services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY)
    with pytest.raises(ValidationError, match="harus sama dengan atau sesudah tanggal mulai"):
        services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY, signed_on=TODAY,
                                valid_from=dt.date(2026, 7, 1), valid_to=dt.date(2026, 6, 1))  # fmt: skip
    pks.refresh_from_db()
    assert (pks.status, pks.valid_from, pks.valid_to) == ("agreed", None, None)


@pytest.mark.parametrize(
    ("signed_on", "valid_from", "valid_to"),
    [
        (dt.date(1, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),  # year 1 typed for the signing
        (TODAY, dt.date(1, 1, 1), dt.date(2026, 12, 31)),
        (TODAY, dt.date(2026, 1, 1), dt.date(9999, 12, 31)),  # "forever" typed as 9999
        (TODAY, dt.date(2030, 1, 1), dt.date(2030, 12, 31)),  # a start years ahead
    ],
)
def test_signing_dates_no_agreement_can_have_are_refused_and_nothing_saved(
    world: World, signed_on: dt.date, valid_from: dt.date, valid_to: dt.date
) -> None:
    """As for an MoU: signing and start from 1 January 2014 (BPJS Ketenagakerjaan) to the end of next year."""
    pks = services.pks_create(mou=make_mou(world.medan, [world.agency]), agency=world.agency, title="PKS", user=None)
    for step in (PksStatus.IN_REVIEW, PksStatus.AGREED):
        pks = services.pks_transition(pks=pks, to_status=step, user=None, today=TODAY)
    with pytest.raises(ValidationError, match="Tanggal PKS di luar rentang yang diterima"):
        services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY, signed_on=signed_on,
                                valid_from=valid_from, valid_to=valid_to)  # fmt: skip
    pks.refresh_from_db()
    assert (pks.status, pks.signed_on, pks.valid_from) == ("agreed", None, None)


def test_a_closed_pks_has_no_next_step_and_an_agency_has_one_open_pks(world: World) -> None:
    assert "sudah selesai" in (lifecycle.transition_error("expired", "active") or "")
    mou = make_mou(world.medan, [world.agency])
    services.pks_create(mou=mou, agency=world.agency, title="PKS", user=None)
    with pytest.raises(ValidationError, match="sudah memiliki PKS yang masih berjalan"):
        services.pks_create(mou=mou, agency=world.agency, title="PKS kedua", user=None)
    with pytest.raises(ValidationError, match="wilayah Nota Kesepakatan"):
        services.pks_create(mou=mou, agency=world.foreign_agency, title="PKS Binjai", user=None)


def test_legal_review_may_send_a_draft_back(world: World) -> None:
    pks = services.pks_create(mou=make_mou(world.medan, [world.agency]), agency=world.agency, title="PKS", user=None)
    pks = services.pks_transition(pks=pks, to_status=PksStatus.IN_REVIEW, user=None, today=TODAY)
    pks = services.pks_transition(pks=pks, to_status=PksStatus.DRAFT, user=None, today=TODAY, note="Perbaiki pasal 3")
    assert pks.status == "draft" and pks.transitions.last().note == "Perbaiki pasal 3"  # type: ignore[union-attr]


def test_renewal_closes_the_pks_and_opens_a_draft_with_the_same_obligations(world: World) -> None:
    pks = make_active_pks(make_mou(world.medan, [world.agency]), world.agency)
    services.pks_obligation_add(pks=pks, party="branch", text="Layanan pendaftaran di lokasi")
    near_end = dt.date(2027, 11, 15)
    with pytest.raises(ValidationError, match="60 hari sebelum tanggal berakhir"):
        services.pks_transition(pks=pks, to_status=PksStatus.EXPIRING, user=None, today=TODAY)
    pks = services.pks_transition(pks=pks, to_status=PksStatus.EXPIRING, user=None, today=near_end)
    services.pks_transition(pks=pks, to_status=PksStatus.RENEWED, user=None, today=near_end)
    successor = Pks.objects.get(renewal_of=pks)
    assert (successor.status, successor.agency, successor.mou) == ("draft", world.agency, pks.mou)
    assert list(successor.obligations.values_list("text", flat=True)) == ["Layanan pendaftaran di lokasi"]


def test_calendar_steps_activate_warn_and_expire(world: World) -> None:
    pks = make_active_pks(make_mou(world.medan, [world.agency]), world.agency)
    assert services.pks_refresh_by_date(today=TODAY) == []
    moved = services.pks_refresh_by_date(today=dt.date(2027, 11, 10))
    assert [(p.pk, s) for p, s in moved] == [(pks.pk, "expiring")]
    services.pks_refresh_by_date(today=dt.date(2028, 1, 2))
    pks.refresh_from_db()
    assert pks.status == "expired"
    assert pks.transitions.last().by_label == "system"  # type: ignore[union-attr]


def test_signing_a_term_that_leaves_a_target_outside_is_refused_naming_it(world: World) -> None:
    """A target entered on the draft (bounded by the MoU's term) must still lie within the term signed."""
    pks = services.pks_create(mou=make_mou(world.medan, [world.agency]), agency=world.agency, title="PKS", user=None)
    services.pks_target_add(pks=pks, period_start=dt.date(2028, 1, 1), period_end=dt.date(2028, 12, 31), workers=9)
    for step in (PksStatus.IN_REVIEW, PksStatus.AGREED):
        pks = services.pks_transition(pks=pks, to_status=step, user=None, today=TODAY)
    with pytest.raises(ValidationError, match=r"tidak mencakup 1 target .*1 Januari 2028 – 31 Desember 2028"):
        services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY, signed_on=TODAY,
                                valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))  # fmt: skip
    pks.refresh_from_db()
    assert (pks.status, pks.valid_from) == ("agreed", None)
    signed = services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=None, today=TODAY, signed_on=TODAY,
                                     valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2028, 12, 31))  # fmt: skip
    assert signed.status == "signed"
