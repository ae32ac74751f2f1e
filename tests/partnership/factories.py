"""A small partnership on top of the test world: an MoU per region, PKS, targets, events, attendees, a pack."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lindung.core import crypto
from lindung.core.models import Agency, Region
from lindung.partnership import services
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import (
    AgreementDocument,
    Attendee,
    Event,
    EventAttribution,
    EvidencePack,
    EvidenceSection,
    Mou,
    Pks,
    PksTransition,
)
from lindung.registry.models import Membership, Program, Worker
from tests.factories import World, make_worker

TODAY = dt.date(2026, 6, 30)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
#: Valid Medan NIKs (kecamatan 12.71.01), born 1990–1995; none of them is in the test world's registry.
NIKS = ["1271011503900011", "1271014204910012", "1271011005920013", "1271015506930014", "1271012007940015"]


@dataclass
class PartnershipWorld:
    mou: Mou
    pks: Pks  # Dinas Perhubungan (the agency officer's agency): active
    other_pks: Pks  # Dinas Sosial: draft
    foreign_pks: Pks  # Binjai
    event: Event  # organised by Dinas Perhubungan
    other_event: Event  # organised by Dinas Sosial
    foreign_event: Event
    attendee: Attendee
    attribution: EventAttribution
    document: AgreementDocument
    pack: EvidencePack
    section: EvidenceSection


def make_mou(region: Region, agencies: list[Agency], number: str = "NK/1/2025") -> Mou:
    return services.mou_create(
        region=region, number=number, title="Nota Kesepakatan", signed_on=dt.date(2025, 8, 14),
        valid_from=dt.date(2025, 8, 14), valid_to=dt.date(2030, 8, 13), city_signatory="Wali Kota",
        branch_signatory="Kepala Cabang", agencies=agencies, scope_items=[("socialisation", "Sosialisasi bersama")],
    )  # fmt: skip


def make_active_pks(mou: Mou, agency: Agency, user: Any = None) -> Pks:
    """A PKS walked through every step up to active, valid 1 Jan 2026 – 31 Dec 2027."""
    pks = services.pks_create(mou=mou, agency=agency, title=f"PKS {agency.name}", user=user)
    for step in (PksStatus.IN_REVIEW, PksStatus.AGREED):
        pks = services.pks_transition(pks=pks, to_status=step, user=user, today=TODAY)
    pks = services.pks_transition(pks=pks, to_status=PksStatus.SIGNED, user=user, today=TODAY, number="001/PKS",
                                  signed_on=dt.date(2025, 12, 20), valid_from=dt.date(2026, 1, 1),
                                  valid_to=dt.date(2027, 12, 31))  # fmt: skip
    return services.pks_transition(pks=pks, to_status=PksStatus.ACTIVE, user=user, today=TODAY)


def quick_active_pks(mou: Mou, agency: Agency) -> Pks:
    """The same active PKS as ``make_active_pks``, written directly (the lifecycle has its own tests)."""
    at = timezone.now()
    pks = Pks.objects.create(mou=mou, agency=agency, title=f"PKS {agency.name}", number="001/PKS",
                             status=PksStatus.ACTIVE, status_changed_at=at, signed_on=dt.date(2025, 12, 20),
                             valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2027, 12, 31))  # fmt: skip
    steps = ["", "draft", "in_review", "agreed", "signed", "active"]
    PksTransition.objects.bulk_create(
        PksTransition(pks=pks, from_status=before, to_status=after, at=at, by_label="system")
        for before, after in itertools.pairwise(steps)
    )
    return pks


def make_registration(worker: Worker, agency: Agency | None, start: dt.date, end: dt.date | None = None) -> Membership:
    return Membership.objects.create(
        worker=worker, payer_kind="self", agency=agency, segment="BPU", programs=Program.JKK | Program.JKM,
        wage=1_000_000, valid_from=start, valid_to=end,
    )  # fmt: skip


def make_event(region: Region, agencies: list[Agency], held_on: dt.date, cost: int | None = 3_000_000) -> Event:
    return services.event_create(region=region, title="Sosialisasi", held_on=held_on, organisers=agencies,
                                 attendance=40, cost=cost)  # fmt: skip


def _events(w: World) -> tuple[Event, Event, Event]:
    event = make_event(w.medan, [w.agency], dt.date(2026, 2, 10))
    other_event = make_event(w.medan, [w.other_agency], dt.date(2026, 3, 5), cost=None)
    foreign_event = make_event(w.other, [w.foreign_agency], dt.date(2026, 3, 5))
    return event, other_event, foreign_event


def build_partnership(w: World) -> PartnershipWorld:
    """Idempotent: the role matrix and the tests share one partnership per world."""
    cached = getattr(w, "_partnership", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    mou = make_mou(w.medan, [w.agency, w.other_agency])
    foreign_mou = make_mou(w.other, [w.foreign_agency], number="NK/B/2025")
    pks = quick_active_pks(mou, w.agency)
    services.pks_target_add(pks=pks, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
                            segment="BPU", workers=10, events=4, budget=50_000_000)  # fmt: skip
    services.pks_obligation_add(pks=pks, party="agency", text="Mendata pekerja")
    other_pks = services.pks_create(mou=mou, agency=w.other_agency, title="PKS Dinsos", user=None)
    foreign_pks = services.pks_create(mou=foreign_mou, agency=w.foreign_agency, title="PKS Binjai", user=None)
    event, other_event, foreign_event = _events(w)
    attendee = services.attendee_add(event=event, name="Peserta Satu", nik=NIKS[0], consent=True, today=TODAY)
    newcomer = make_worker(w.medan, NIKS[0], "Peserta Satu")
    make_registration(newcomer, w.agency, dt.date(2026, 2, 20))
    by_code = make_worker(w.medan, NIKS[1], "Pendaftar Kode")
    coded = make_registration(by_code, w.agency, dt.date(2026, 4, 1), end=dt.date(2026, 5, 15))
    attribution = services.event_attribute_registration(event=event, membership=coded, user=None)
    document = services.document_upload(title="Naskah PKS", upload=PDF, user=None, pks=pks)
    pack = services.evidence_pack_get_or_create(region=w.medan, year=2026)
    section = services.evidence_section_save(pack=pack, title="Inovasi", body="Jemput bola di kelurahan")
    services.evidence_pack_get_or_create(region=w.other, year=2026)
    result = PartnershipWorld(mou, pks, other_pks, foreign_pks, event, other_event, foreign_event, attendee,
                              attribution, document, pack, section)  # fmt: skip
    w._partnership = result  # type: ignore[attr-defined]
    return result


def nik_index(nik: str) -> str:
    return crypto.blind_index(nik)


def now() -> dt.datetime:
    return timezone.now()
