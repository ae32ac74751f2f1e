"""Demo step of the partnership: the MoU, the 16 agencies' PKS in every state, a year of events, the pack.

Deterministic for the generator's seed and as-of date. Dates are relative to the as-of date (the MoU keeps
its real month, August 2025, when the as-of date leaves room for a year of PKS under it). Events, attendees
and the registrations that followed them are made in :mod:`lindung.partnership.demo_events`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from lindung.core.audit import audit_record
from lindung.core.models import Agency, Branch
from lindung.demo.context import DemoContext, demo_step
from lindung.partnership.demo_events import make_events
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import (
    EvidencePack,
    EvidenceSection,
    Mou,
    MouScopeItem,
    MouScopeKind,
    ObligationParty,
    Pks,
    PksObligation,
    PksTarget,
    PksTransition,
)
from lindung.registry.models import Membership

S = PksStatus
#: The states of the 16 PKS; agencies named in PINNED get theirs, the others draw from what remains.
STATES = [S.ACTIVE] * 5 + [S.EXPIRING] * 2 + [S.SIGNED] * 2 + [S.AGREED] * 2 + [S.IN_REVIEW] * 2 + [S.DRAFT] * 2
STATES += [S.EXPIRED]
PINNED = {"disnaker": S.ACTIVE, "dishub": S.ACTIVE, "dinsos": S.ACTIVE, "dlh": S.DRAFT}
RENEWED = "disnaker"  # its first PKS was renewed: the history shows the whole cycle
SCOPE = [
    (MouScopeKind.REGULATION, "Penyusunan regulasi daerah yang mendukung perlindungan jaminan sosial ketenagakerjaan."),
    (MouScopeKind.STATE_EMPLOYERS, "Kepesertaan pegawai non-ASN pada perangkat daerah, BLUD dan BUMD."),
    (MouScopeKind.PRIVATE_EMPLOYERS, "Kepatuhan pemberi kerja swasta melalui perizinan dan pelayanan publik."),
    (MouScopeKind.OTHER_WORKERS, "Kepesertaan pekerja bukan penerima upah di sektor yang dibina perangkat daerah."),
    (MouScopeKind.PROGRAMMES, "Perlindungan dalam program JKK, JKM, JHT, JP dan JKP sesuai segmen."),
    (MouScopeKind.VULNERABLE, "Iuran JKK dan JKM pekerja rentan dibayar dari APBD."),
    (MouScopeKind.SOCIALISATION, "Sosialisasi bersama di kecamatan dan kelurahan."),
]
OBLIGATIONS = [
    (ObligationParty.AGENCY, "Mendata pekerja di sektor binaan dan menyampaikan daftar calon peserta."),
    (ObligationParty.AGENCY, "Menyelenggarakan sosialisasi bersama paling sedikit sekali per triwulan."),
    (ObligationParty.BRANCH, "Menyediakan layanan pendaftaran di lokasi sosialisasi dan kartu peserta."),
    (ObligationParty.BOTH, "Evaluasi capaian target setiap semester."),
]


@dataclass(frozen=True)
class Timeline:
    """When each step of one PKS happened (days before the as-of date), and its period."""

    steps: list[tuple[str, int]]
    signed_ago: int | None = None
    valid_from_ago: int | None = None
    valid_to_ago: int | None = None


def _timeline(status: str, jitter: int) -> Timeline:
    """Days ago of each step, so that the current step is where ``status`` says (and some are stuck)."""
    lead = [(S.DRAFT, 0), (S.IN_REVIEW, 0), (S.AGREED, 0), (S.SIGNED, 0), (S.ACTIVE, 0)]
    if status == S.DRAFT:
        return Timeline([(S.DRAFT, 12 + jitter * 3)])
    if status == S.IN_REVIEW:
        return Timeline([(S.DRAFT, 60 + jitter), (S.IN_REVIEW, 8 + jitter * 2)])
    if status == S.AGREED:
        return Timeline([(S.DRAFT, 90 + jitter), (S.IN_REVIEW, 70), (S.AGREED, 6 + jitter * 2)])
    if status == S.SIGNED:
        days = [120, 95, 40, 10 + jitter]
        return Timeline([(s, d) for (s, _), d in zip(lead, days, strict=False)], 10 + jitter, -20, -750)
    if status == S.ACTIVE:
        signed = 150 + jitter * 20
        days = [signed + 90, signed + 60, signed + 20, signed, signed - 7]
        return Timeline([(s, d) for (s, _), d in zip(lead, days, strict=True)], signed, signed - 7, signed - 737)
    end = -(20 + jitter * 3) if status == S.EXPIRING else 20 + jitter * 3  # negative: still ahead
    start = end + 365
    days = [start + 110, start + 80, start + 40, start + 7, start, end + 60]
    steps = [*lead, (S.EXPIRING, 0)]
    if status == S.EXPIRED:
        days.append(end - 1)
        steps.append((S.EXPIRED, 0))
    return Timeline([(s, d) for (s, _), d in zip(steps, days, strict=True)], start + 7, start, end)


def _shifted(line: Timeline, shift: int) -> Timeline:
    """The same timeline ``shift`` days earlier (an earlier PKS of the same agency)."""
    later = [(step, days + shift) for step, days in line.steps]
    return Timeline(later, *(None if d is None else d + shift for d in (line.signed_ago, line.valid_from_ago,
                                                                        line.valid_to_ago)))  # fmt: skip


def _ago(ctx: DemoContext, days: int | None) -> dt.date | None:
    return None if days is None else ctx.as_of - dt.timedelta(days=days)


def _at(ctx: DemoContext, days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(ctx.as_of - dt.timedelta(days=days), dt.time(10)))


def _mou(ctx: DemoContext, agencies: list[Agency]) -> Mou:
    # Every PKS of the demo is signed at most ~430 days before the as-of date, after the MoU.
    signed = min(dt.date(2025, 8, 14), ctx.as_of - dt.timedelta(days=440))
    mou = Mou.objects.create(
        region=ctx.region, branch=Branch.objects.filter(regions=ctx.region).first(),
        number=f"500.15/{signed.month:02d}{signed.day:02d}/NK/{signed.year}",
        branch_number=f"NK/{signed.month:02d}/{signed.year}", title=f"Nota Kesepakatan Pemerintah {ctx.region.name} "
        "dan BPJS Ketenagakerjaan tentang Optimalisasi Perlindungan Jaminan Sosial Ketenagakerjaan",
        signed_on=signed, valid_from=signed, valid_to=signed.replace(year=signed.year + 5) - dt.timedelta(days=1),
        city_signatory=f"Wali Kota {ctx.region.name.removeprefix('Kota ')}", branch_signatory="Kepala Kantor Cabang",
    )  # fmt: skip
    mou.agencies.set(agencies)
    MouScopeItem.objects.bulk_create(
        MouScopeItem(mou=mou, kind=kind, text=text, position=i) for i, (kind, text) in enumerate(SCOPE)
    )
    return mou


def _assign_states(ctx: DemoContext, agencies: list[Agency]) -> dict[int, str]:
    remaining = list(STATES)
    for status in PINNED.values():
        remaining.remove(status)
    order = [remaining[i] for i in ctx.rng.permutation(len(remaining))]
    states: dict[int, str] = {}
    for agency in agencies:
        states[agency.pk] = PINNED[agency.code] if agency.code in PINNED else (order.pop() if order else S.DRAFT)
    return states


def _make_pks(
    ctx: DemoContext, mou: Mou, agency: Agency, status: str, number: int, renewal_of: Pks | None, shift: int = 0
) -> Pks:
    line = _shifted(_timeline(status, int(ctx.rng.integers(0, 12))), shift)
    signed = _ago(ctx, line.signed_ago)
    pks = Pks.objects.create(
        mou=mou, agency=agency, renewal_of=renewal_of, status=status, status_changed_at=_at(ctx, line.steps[-1][1]),
        title=f"Perlindungan jaminan sosial ketenagakerjaan pekerja sektor {agency.name}",
        number=f"{number:03d}/PKS/{agency.code.upper()}/{signed.year}" if signed else "",
        signed_on=signed, valid_from=_ago(ctx, line.valid_from_ago), valid_to=_ago(ctx, line.valid_to_ago),
        agency_signatory=agency.head_title if signed else "", branch_signatory="Kepala Kantor Cabang" if signed else "",
    )  # fmt: skip
    previous = ""
    for step, days in line.steps:
        PksTransition.objects.create(pks=pks, from_status=previous, to_status=step, at=_at(ctx, days),
                                     by_label="koordinator" if step != S.DRAFT else agency.code)  # fmt: skip
        previous = step
    PksObligation.objects.bulk_create(PksObligation(pks=pks, party=p, text=t) for p, t in OBLIGATIONS)
    return pks


def _make_renewed(ctx: DemoContext, mou: Mou, agency: Agency) -> Pks:
    old = _make_pks(ctx, mou, agency, S.EXPIRING, 1, None, shift=230)
    assert old.valid_to is not None
    renewed_at = _at(ctx, (ctx.as_of - old.valid_to).days + 30)
    Pks.objects.filter(pk=old.pk).update(status=S.RENEWED, status_changed_at=renewed_at)
    PksTransition.objects.create(pks=old, from_status=S.EXPIRING, to_status=S.RENEWED, at=renewed_at,
                                 by_label="koordinator", note="Diperpanjang")  # fmt: skip
    return old


@transaction.atomic
def make_agreements(ctx: DemoContext) -> dict[int, Pks]:
    agencies = list(Agency.objects.filter(region=ctx.region, in_mou=True).order_by("name"))
    mou = _mou(ctx, agencies)
    states = _assign_states(ctx, agencies)
    current: dict[int, Pks] = {}
    for number, agency in enumerate(agencies, start=1):
        previous = _make_renewed(ctx, mou, agency) if agency.code == RENEWED else None
        current[agency.pk] = _make_pks(ctx, mou, agency, states[agency.pk], number + 20, previous)
    audit_record(action="bulk_create", object_type="partnership.Pks", after={"count": len(current), "demo": True})
    ctx.log(f"  nota kesepakatan: 1, PKS: {Pks.objects.filter(mou=mou).count()}")
    return current


def _make_targets(ctx: DemoContext, current: dict[int, Pks]) -> None:
    """Targets for the as-of year, set against what the agency actually reaches (so progress looks real)."""
    start, end = dt.date(ctx.as_of.year, 1, 1), dt.date(ctx.as_of.year, 12, 31)
    new = Membership.objects.filter(valid_from__gte=start, valid_from__lte=ctx.as_of, previous__isnull=True)
    reached: dict[int, int] = {}
    for agency_id in new.annotate(key=Coalesce("agency_id", "employer__agency_id")).values_list("key", flat=True):
        if agency_id is not None:
            reached[agency_id] = reached.get(agency_id, 0) + 1
    year_share = max(0.2, (ctx.as_of - start).days / 365)
    rows = []
    for agency_id, pks in current.items():
        if pks.status == S.DRAFT and agency_id % 2:
            continue
        workers = max(25, round(reached.get(agency_id, 10) / year_share * float(ctx.rng.uniform(0.8, 1.5)), -1))
        vulnerable = pks.agency.memberships.filter(payer_kind="city_programme").exists()
        budget = int(ctx.rng.integers(3, 15)) * 100_000_000 if vulnerable else 0
        # a target lies within the PKS's own term (the MoU's while the PKS has none), as the service requires
        first, last = max(start, pks.valid_from or pks.mou.valid_from), min(end, pks.valid_to or pks.mou.valid_to)
        if last <= first:
            continue
        rows.append(PksTarget(pks=pks, period_start=first, period_end=last, segment="BPU" if vulnerable else "",
                              workers=int(workers), events=int(ctx.rng.integers(4, 10)), budget=budget))  # fmt: skip
    PksTarget.objects.bulk_create(rows)


def _make_pack(ctx: DemoContext) -> None:
    pack = EvidencePack.objects.create(
        region=ctx.region, year=ctx.as_of.year, apbd_allocation=6_000_000_000,
        apbd_note="Iuran JKK dan JKM pekerja rentan (marbot, guru mengaji, nelayan, pemulung, juru parkir) "
        "dibayar dari APBD melalui Dinas Tenaga Kerja.",
        regulations="Instruksi Presiden Nomor 2 Tahun 2021 tentang Optimalisasi Pelaksanaan Program Jaminan Sosial "
        "Ketenagakerjaan\nPeraturan Daerah Kota Medan Nomor 3 Tahun 2019 tentang Penyelenggaraan Ketenagakerjaan",
    )  # fmt: skip
    EvidenceSection.objects.bulk_create([
        EvidenceSection(pack=pack, position=0, title="Empowering Kepling",
                        body="Setiap kepala lingkungan mendaftarkan paling sedikit 25 pekerja di lingkungannya."),
        EvidenceSection(pack=pack, position=1, title="Layanan jemput bola di kelurahan",
                        body="Petugas BPJS Ketenagakerjaan hadir di setiap sosialisasi untuk pendaftaran langsung "
                        "dengan kode acara, sehingga setiap pendaftaran dapat ditelusuri ke acaranya."),
    ])  # fmt: skip


@demo_step("partnership")
def make_partnership(ctx: DemoContext) -> None:
    current = make_agreements(ctx)
    make_events(ctx, current)
    with transaction.atomic():
        _make_targets(ctx, current)
        _make_pack(ctx)
        audit_record(action="bulk_create", object_type="partnership.EvidencePack", after={"demo": True})
