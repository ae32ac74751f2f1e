"""Coverage: figures as of a date by every dimension, the monthly trend, gap lists and follow-ups, in scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from lindung.api.params import Limit
from lindung.core.models import Agency, District
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.coverage.selectors.dashboard import coverage_dashboard
from lindung.coverage.selectors.figures import FigureRow, coverage_district, coverage_snapshot_pick
from lindung.coverage.selectors.gaps import followup_list, gap_employers, gap_lapsing, gap_sectors, gap_villages
from lindung.coverage.selectors.goals import coverage_goals
from lindung.coverage.selectors.reference import coverage_reference
from lindung.coverage.selectors.view import ASSIGN_REFUSAL, coverage_view
from lindung.coverage.services import followup_assign
from lindung.web.refusals import refusal

router = Router(tags=["coverage"])


class FigureOut(Schema):
    key: str
    label: str
    workforce: int | None
    rate: float | None
    values: dict[str, int]


class CoverageOut(Schema):
    region: str
    slice: str
    requested: dt.date | None
    as_of: dt.date | None
    state: str
    total: FigureOut | None
    by: dict[str, list[FigureOut]]


class TrendOut(Schema):
    as_of: dt.date
    value: int
    new: int
    rate: float | None
    target: float | None


class TargetOut(Schema):
    effective_from: dt.date | None
    label: str
    target_date: dt.date
    target_pct: float
    baseline_date: dt.date
    baseline_pct: float
    source: str
    #: False: an assumption (the seed file's) nobody has confirmed from the source document yet
    confirmed: bool


class GapOut(Schema):
    key: str
    label: str
    participants: int
    workforce: int | None
    rate: float | None


class SuspectOut(Schema):
    employer_id: int
    employer: str
    active_workers: int
    expected_min_workers: int | None
    below_umk: int
    missing: dict[str, int]
    reasons: list[str]


class FollowUpIn(Schema):
    kind: str
    subject: str
    agency: str
    note: str = ""
    due_on: dt.date | None = None


class FollowUpOut(Schema):
    id: int
    kind: str
    subject_key: str
    subject_label: str
    agency: str
    status: str
    due_on: dt.date | None


def _figure(row: FigureRow, measure: str) -> FigureOut:
    return FigureOut(key=row.key, label=row.label, workforce=row.workforce, rate=row.rate(measure), values=row.values)


@router.get("/coverage", response=CoverageOut)
def coverage(
    request: HttpRequest, as_of: dt.date | None = None, region: str = "", agency: str = "", measure: str = ""
) -> CoverageOut:
    """Coverage as of a date (the latest snapshot on or before it) by every dimension of the user's view."""
    board = coverage_dashboard(user=request.user, region_code=region, agency_code=agency, measure=measure, as_of=as_of)
    if board is None:
        raise Http404
    by = {dim: [_figure(r, board.view.measure) for r in rows] for dim, rows in board.figures.by.items()}
    ok = board.pick.state == "ok"
    return CoverageOut(
        region=board.view.region.code,
        slice=f"{board.view.slice_kind}:{board.view.slice_key}".rstrip(":"),
        requested=as_of,
        as_of=board.pick.as_of,
        state=board.state,
        total=_figure(board.figures.total, board.view.measure) if ok else None,
        by=by if ok else {},
    )


@router.get("/coverage/trend", response=list[TrendOut])
def trend(request: HttpRequest, region: str = "", agency: str = "", measure: str = "") -> list[Any]:
    board = coverage_dashboard(user=request.user, region_code=region, agency_code=agency, measure=measure)
    if board is None:
        raise Http404
    return list(board.trend)


@router.get("/coverage/targets", response=list[TargetOut])
def targets(request: HttpRequest, region: str = "") -> list[TargetOut]:
    """The region's RPJMD coverage goals, oldest first (the one in force on a day: latest effective by then)."""
    view = coverage_view(user=request.user, region_code=region)
    if view is None or view.is_agency_officer:
        raise Http404
    return [
        TargetOut(
            effective_from=g.effective_from,
            label=g.label,
            target_date=g.target_date,
            target_pct=g.target_pct,
            baseline_date=g.baseline_date,
            baseline_pct=g.baseline_pct,
            source=g.source,
            confirmed=g.confirmed,
        )
        for g in coverage_goals(region=view.region)
    ]


@router.get("/coverage/districts/{code}", response=list[FigureOut])
def district_villages(
    request: HttpRequest, code: str, as_of: dt.date | None = None, region: str = ""
) -> list[FigureOut]:
    """The kelurahan of a kecamatan in the user's view (404 outside the scope)."""
    view = coverage_view(user=request.user, region_code=region)
    if view is None:
        raise Http404
    place = get_scoped_or_404(District.objects.filter(region=view.region), request.user, code=code)
    pick = coverage_snapshot_pick(user=request.user, region=view.region, as_of=as_of)
    reference = coverage_reference(user=request.user, region=view.region)
    data = coverage_district(view=view, pick=pick, reference=reference, district=place)
    return [_figure(row, view.measure) for row in data.villages]


@router.get("/coverage/suspects", response=list[SuspectOut])
def suspects(request: HttpRequest, region: str = "", limit: Limit = 100) -> list[SuspectOut]:
    """Employers suspected of partial registration (PDS) at the last refresh, most signs first."""
    view = coverage_view(user=request.user, region_code=region)
    if view is None:
        raise Http404
    return [
        SuspectOut(
            employer_id=c.employer_id,
            employer=c.employer.name,
            active_workers=c.active_workers,
            expected_min_workers=c.expected_min_workers,
            below_umk=c.below_umk,
            missing=c.missing,
            reasons=c.reasons,
        )
        for c in gap_employers(user=request.user, region=view.region)[: max(1, min(limit, 5000))]
    ]


@router.get("/coverage/gaps/{kind}", response=list[GapOut])
def gaps(request: HttpRequest, kind: str, region: str = "", limit: Limit = 100) -> list[GapOut]:
    """``kelurahan``, ``sektor`` or ``menunggak``, lowest coverage (or longest unpaid) first."""
    board = coverage_dashboard(user=request.user, region_code=region)
    if board is None:
        raise Http404
    limit = max(1, min(limit, 5000))
    if kind == "kelurahan":
        return [
            _gap(r.key, r.label, r.value("participants"), r.workforce, r.rate("participants"))
            for r in gap_villages(board.figures)[:limit]
        ]
    if kind == "sektor":
        rows = gap_sectors(view=board.view, pick=board.pick, reference=board.reference)[:limit]
        return [_gap(g.subject_key, f"{g.sector} — {g.district}", g.participants, g.workforce, g.rate) for g in rows]
    if kind == "menunggak":
        lapsing = gap_lapsing(
            user=request.user, region=board.view.region, as_of=board.pick.as_of or dt.date.max, limit=limit
        )
        if lapsing is None:
            raise HttpError(503, _("Data tagihan belum tersedia: daftar menunggak muncul setelah penagihan pertama."))
        return [_gap(str(r.membership.pk), r.membership.worker.nik_masked, r.months, None, None) for r in lapsing]
    raise HttpError(404, _("Daftar kesenjangan tidak dikenal: pilih kelurahan, sektor atau menunggak."))


def _gap(key: str, label: str, participants: int, workforce: int | None, rate: float | None) -> GapOut:
    return GapOut(key=key, label=label, participants=participants, workforce=workforce, rate=rate)


@router.get("/coverage/followups", response=list[FollowUpOut])
def followups(request: HttpRequest, region: str = "", status: str = "") -> list[FollowUpOut]:
    view = coverage_view(user=request.user, region_code=region)
    if view is None:
        raise Http404
    return [_followup(f) for f in followup_list(user=request.user, region=view.region, status=status)[:500]]


@router.post("/coverage/followups", response={201: FollowUpOut})
def followup_create(request: HttpRequest, payload: FollowUpIn, region: str = "") -> Status[FollowUpOut]:
    view = coverage_view(user=request.user, region_code=region)
    if view is None:
        raise Http404
    if not view.can_assign:
        raise HttpError(403, refusal(request.user, _(ASSIGN_REFUSAL)))
    agency = scoped(Agency.objects.filter(region=view.region, code=payload.agency), request.user).first()
    if agency is None:
        raise HttpError(422, _("Kode perangkat daerah tidak dikenal di wilayah Anda."))
    try:
        followup = followup_assign(
            user=request.user,
            region=view.region,
            kind=payload.kind,
            subject_key=payload.subject,
            agency=agency,
            note=payload.note,
            due_on=payload.due_on,
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, refusal(request.user, _(ASSIGN_REFUSAL))) from exc
    return Status(201, _followup(followup))


def _followup(f: Any) -> FollowUpOut:
    return FollowUpOut(
        id=f.pk,
        kind=f.kind,
        subject_key=f.subject_key,
        subject_label=f.subject_label,
        agency=f.agency.code,
        status=f.status,
        due_on=f.due_on,
    )
