"""Demo events: a year of socialisation by the MoU agencies, who came, who registered afterwards and stayed.

Attendance follows a log-normal around 60 people; about half leave their details with consent. Of the new
people, roughly a third register within weeks (by their NIK, or by giving the event code), and some lapse in
the first, third or sixth month, so the funnel narrows the way field reports describe.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone

from lindung.core import crypto
from lindung.core.audit import audit_record
from lindung.core.models import Agency, Village
from lindung.demo.context import DemoContext
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import Attendee, Event, EventAttribution, EventOrganiser, FollowUp, Pks
from lindung.regions import synthetic
from lindung.regions.nik import mask_nik
from lindung.regions.profile import stakeholder_groups
from lindung.registry.models import Membership, Program, Worker

S = PksStatus
EVENTS_BY_STATE = {S.ACTIVE: (5, 10), S.EXPIRING: (4, 8), S.EXPIRED: (3, 6), S.SIGNED: (2, 5), S.AGREED: (1, 3),
                   S.IN_REVIEW: (1, 3), S.DRAFT: (0, 2)}  # fmt: skip
JOINT_EVENTS = 6


@dataclass
class Person:
    nik: str
    name: str
    birth: dt.date
    sex: str
    village_id: int


@dataclass
class Batch:
    """Everything made for the events, written in bulk at the end."""

    attendees: list[Attendee] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    by_code: list[tuple[int, int]] = field(default_factory=list)  # (event index, membership index)


def _people(ctx: DemoContext, villages: list[tuple[int, str]], count: int, taken: set[str]) -> list[Person]:
    rng = ctx.rng
    if count == 0:
        return []
    picks = rng.integers(0, len(villages), size=count)
    sexes = rng.choice(np.array(["M", "F"]), size=count)
    births = np.datetime64(ctx.as_of) - rng.integers(18 * 365, 60 * 365, size=count).astype("timedelta64[D]")
    niks = synthetic.niks(np.array([villages[i][1] for i in picks]), births, sexes, rng)
    names = synthetic.person_names(sexes, rng)
    indexes = crypto.blind_indexes([str(nik) for nik in niks])
    registered = set(Worker.objects.filter(nik_index__in=indexes).values_list("nik_index", flat=True))
    people = []
    for i in range(count):
        nik, index = str(niks[i]), indexes[i]
        if index in registered or index in taken:  # a synthetic NIK already in the registry: skip that person
            continue
        taken.add(index)
        people.append(Person(nik, names[i], births[i].astype(dt.date), str(sexes[i]), villages[picks[i]][0]))
    return people


def _schedule(ctx: DemoContext, current: dict[int, Pks]) -> list[tuple[dt.date, list[Agency]]]:
    """Dates and organisers: each agency by how far its PKS has come, and a few joint events with Disnaker."""
    rng = ctx.rng
    plan: list[tuple[dt.date, list[Agency]]] = []
    for pks in current.values():
        low, high = EVENTS_BY_STATE.get(PksStatus(pks.status), (0, 1))
        for _ in range(int(rng.integers(low, high + 1))):
            plan.append((ctx.as_of - dt.timedelta(days=int(rng.integers(3, 365))), [pks.agency]))
    manpower = next((p.agency for p in current.values() if p.agency.is_manpower_office), None)
    agencies = [p.agency for p in current.values() if p.agency != manpower]
    for _ in range(JOINT_EVENTS if manpower and agencies else 0):
        partner = agencies[int(rng.integers(0, len(agencies)))]
        plan.append((ctx.as_of - dt.timedelta(days=int(rng.integers(3, 365))), [partner, manpower]))  # type: ignore[list-item]
    for pks in list(current.values())[:3]:  # planned, not yet held: counts as "planned" on the scorecard
        plan.append((ctx.as_of + dt.timedelta(days=int(rng.integers(7, 40))), [pks.agency]))
    return sorted(plan, key=lambda item: (item[0], item[1][0].pk))


def _event(ctx: DemoContext, held_on: dt.date, organisers: list[Agency], village: Village, seq: int) -> Event:
    rng, groups = ctx.rng, stakeholder_groups()
    keys = [g for g in organisers[0].stakeholder_groups if g in groups] or ["formal_worker"]
    group = keys[int(rng.integers(0, len(keys)))]
    held = held_on <= ctx.as_of
    attendance = int(np.clip(rng.lognormal(np.log(60), 0.5), 15, 250)) if held else 0
    cost = int(rng.integers(15, 150)) * 100_000 if held and rng.random() < 0.8 else None
    prefix = f"SOS-{ctx.region.code.replace('.', '')}-{held_on.year % 100:02d}"
    return Event(region=ctx.region, code=f"{prefix}{seq:03d}", held_on=held_on, village=village,
                 title=f"Sosialisasi jaminan sosial ketenagakerjaan: {groups[group].name_id}",
                 venue=f"Aula Kantor Lurah {village.name}", audience_group=group,
                 audience_sector=organisers[0].sector, attendance=attendance, cost=cost)  # fmt: skip


def _register(ctx: DemoContext, batch: Batch, person: Person, event: Event, agency: Agency) -> int | None:
    """Maybe register ``person`` after ``event`` (and maybe lapse later); the membership's index, or None."""
    rng = ctx.rng
    start = event.held_on + dt.timedelta(days=1 + int(rng.exponential(18)))
    if start > ctx.as_of:
        return None
    vulnerable = any(stakeholder_groups()[g].vulnerable for g in agency.stakeholder_groups if g in stakeholder_groups())
    payer = "city_programme" if vulnerable and rng.random() < 0.7 else "self"
    lapse = rng.random()
    end_after = 10 if lapse < 0.1 else 50 if lapse < 0.24 else 130 if lapse < 0.34 else None
    end = start + dt.timedelta(days=end_after + int(rng.integers(0, 20))) if end_after else None
    batch.workers.append(Worker(
        region=ctx.region, nik_cipher=crypto.encrypt(person.nik), nik_index=crypto.blind_index(person.nik),
        nik_masked=mask_nik(person.nik), nik_regency_code=f"{person.nik[:2]}.{person.nik[2:4]}", name=person.name,
        birth_date=person.birth, sex=person.sex, village_id=person.village_id,
        proposed_by_agency=agency if payer == "city_programme" else None,
        vulnerability_category=event.audience_group if payer == "city_programme" else "",
    ))  # fmt: skip
    batch.memberships.append(Membership(
        payer_kind=payer, agency=agency, segment="BPU", programs=Program.JKK | Program.JKM, wage=1_000_000,
        valid_from=start, valid_to=end if end and end <= ctx.as_of else None,
        end_reason="resigned" if end and end <= ctx.as_of else "",
        ended_at=timezone.now() if end and end <= ctx.as_of else None,  # saved already ended (billing.run.adjust)
    ))  # fmt: skip
    return len(batch.memberships) - 1


def _attend(ctx: DemoContext, batch: Batch, event: Event, index: int, agency: Agency, people: list[Person]) -> None:
    rng, consent = ctx.rng, timezone.make_aware(dt.datetime.combine(event.held_on, dt.time(11)))
    recorded = min(len(people), int(event.attendance * rng.uniform(0.35, 0.75)))
    for person in people[:recorded]:
        registered = rng.random() < 0.32 and _register(ctx, batch, person, event, agency) is not None
        follow = FollowUp.NONE if registered else str(rng.choice([FollowUp.TO_CONTACT, FollowUp.CONTACTED,
                                                                  FollowUp.DECLINED]))  # fmt: skip
        batch.attendees.append(Attendee(
            event_id=index, name=person.name, nik_cipher=crypto.encrypt(person.nik),
            nik_index=crypto.blind_index(person.nik), nik_masked=mask_nik(person.nik), consent_at=consent,
            follow_up=follow,
        ))  # fmt: skip
    for person in people[recorded : recorded + int((event.attendance - recorded) * 0.08)]:
        membership = _register(ctx, batch, person, event, agency)
        if membership is not None:
            batch.by_code.append((index, membership))


def _write(batch: Batch, events: list[Event], organisers: list[list[Agency]]) -> None:
    Event.objects.bulk_create(events)
    EventOrganiser.objects.bulk_create(
        EventOrganiser(event=event, agency=agency, is_lead=i == 0)
        for event, agencies in zip(events, organisers, strict=True)
        for i, agency in enumerate(agencies)
    )
    for attendee in batch.attendees:
        attendee.event_id = events[attendee.event_id].pk
    Attendee.objects.bulk_create(batch.attendees)
    Worker.objects.bulk_create(batch.workers)
    for worker, membership in zip(batch.workers, batch.memberships, strict=True):
        membership.worker = worker
    Membership.objects.bulk_create(batch.memberships)
    EventAttribution.objects.bulk_create(
        EventAttribution(event=events[e], membership=batch.memberships[m]) for e, m in batch.by_code
    )


def make_events(ctx: DemoContext, current: dict[int, Pks]) -> None:
    villages = list(Village.objects.filter(district__region=ctx.region).select_related("district"))
    village_codes = [(v.pk, v.district.code) for v in villages]
    taken: set[str] = set()  # NIK blind indexes drawn here so far (the registry's are looked up per event)
    batch, events, organisers = Batch(), [], []
    per_year: dict[int, int] = {}
    for held_on, agencies in _schedule(ctx, current):
        per_year[held_on.year] = per_year.get(held_on.year, 0) + 1
        village = villages[int(ctx.rng.integers(0, len(villages)))]
        event = _event(ctx, held_on, agencies, village, per_year[held_on.year])
        events.append(event)
        organisers.append(agencies)
        nearby = [vc for vc in village_codes if vc[1] == village.district.code]
        _attend(ctx, batch, event, len(events) - 1, agencies[0], _people(ctx, nearby, event.attendance, taken))
    with transaction.atomic():
        _write(batch, events, organisers)
        audit_record(action="bulk_create", object_type="partnership.Event",
                     after={"events": len(events), "attendees": len(batch.attendees),
                            "registrations": len(batch.memberships), "demo": True})  # fmt: skip
    ctx.log(f"  acara: {len(events)}, peserta tercatat: {len(batch.attendees):,}")
    ctx.log(f"  pendaftaran sesudah acara: {len(batch.memberships):,}")
