"""What the Paritrana / Universal Coverage Jamsostek evidence pack of a year shows.

The award's criteria (shared reference, regulations §10): coverage by segment (PU, BPU, jasa konstruksi,
non-ASN, pekerja rentan), regulation, APBD allocation and innovation. Coverage is counted in workers with an
active membership on the as-of date, each worker once per segment line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, Sum, Value, When
from django.utils.translation import gettext as _

from lindung.core.models import WorkforceFigure
from lindung.core.scoping import scoped
from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models import EvidencePack, Mou
from lindung.partnership.selectors.funnel import Funnel, events_in_period, funnel_report
from lindung.partnership.selectors.scorecard import ScorecardRow, agency_scorecard, scorecard_totals
from lindung.registry.models import Membership
from lindung.web.templatetags.lindung_format import format_date_id

_APBD_PAYERS = ("city_programme", "sponsor")
SEGMENTS: tuple[tuple[str, Q], ...] = (
    ("pu", Q(segment="PU") & ~Q(employer__kind="state")),
    ("non_asn", Q(segment="PU", employer__kind="state")),
    ("bpu", Q(segment="BPU") & ~Q(payer_kind__in=_APBD_PAYERS)),
    ("vulnerable", Q(segment="BPU", payer_kind__in=_APBD_PAYERS)),
    ("construction", Q(segment="JASA_KONSTRUKSI")),
    ("pmi", Q(segment="PMI")),
)


def segment_labels() -> dict[str, str]:
    return {
        "pu": _("Penerima upah (PU) swasta dan lainnya"),
        "non_asn": _("Pegawai non-ASN (pemberi kerja penyelenggara negara)"),
        "bpu": _("Bukan penerima upah (BPU) mandiri"),
        "vulnerable": _("Pekerja rentan (dibayar APBD atau CSR)"),
        "construction": _("Jasa konstruksi"),
        "pmi": _("Pekerja migran Indonesia (PMI)"),
    }


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    workers: int
    share_pct: float | None


def active_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def _flag(condition: Q) -> Max:
    return Max(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


def _active_counts(user: Any, as_of: dt.date) -> dict[str, int]:
    """Workers active on ``as_of``: in all, per segment, and paid for by the city programme, in one pass.

    One grouped query: the active memberships grouped by worker (read in the order of the worker index, so no
    sort) give each worker a 0/1 flag per line, and the outer query counts the workers and sums the flags. Eight
    ``COUNT(DISTINCT worker)`` would each sort or hash the workers again.
    """
    lines = {"apbd": Q(payer_kind="city_programme"), **dict(SEGMENTS)}
    per_worker = (
        scoped(Membership.objects.filter(active_on(as_of)), user)
        .order_by()
        .values("worker_id")
        .annotate(**{f"in_{key}": _flag(condition) for key, condition in lines.items()})
    )
    counts = per_worker.aggregate(total=Count("*"), **{key: Sum(f"in_{key}") for key in lines})
    return {key: value or 0 for key, value in counts.items()}


def coverage_by_segment(
    *, user: Any, as_of: dt.date, counts: dict[str, int] | None = None
) -> tuple[list[CoverageRow], int]:
    """Workers with an active membership on ``as_of`` per Paritrana segment, and in all (each worker once)."""
    counts = counts or _active_counts(user, as_of)
    total = counts["total"]
    labels = segment_labels()
    rows = [
        CoverageRow(key, labels[key], counts[key] or 0, round(100 * (counts[key] or 0) / total, 1) if total else None)
        for key, _condition in SEGMENTS
    ]
    return rows, total


@dataclass
class EvidencePackData:
    pack: EvidencePack
    as_of: dt.date
    coverage: list[CoverageRow]
    covered: int
    workforce: int
    scorecard: list[ScorecardRow]
    totals: ScorecardRow
    funnel: Funnel
    evidence_label: str
    is_proxy: bool
    regulations: list[str]
    apbd_workers: int
    payments: bool = True  # False: the funnel's payment and activity figures were not computed (the page)

    @property
    def coverage_pct(self) -> float | None:
        return round(100 * self.covered / self.workforce, 1) if self.workforce else None

    @property
    def pks_signed(self) -> int:
        signed = {PksStatus.SIGNED, PksStatus.ACTIVE, PksStatus.EXPIRING}
        return sum(1 for row in self.scorecard if row.status in signed)


def _regulations(user: Any, pack: EvidencePack) -> list[str]:
    """The pack's own list, then the MoU (the PKS are listed with the scorecard)."""
    lines = list(pack.regulation_lines)
    for mou in scoped(Mou.objects.filter(region=pack.region), user).order_by("signed_on"):
        lines.append(f"{mou.title}, {mou.number} ({format_date_id(mou.signed_on)})")
    return lines


def evidence_pack_data(*, user: Any, pack: EvidencePack, as_of: dt.date, payments: bool = True) -> EvidencePackData:
    """Everything the pack prints, computed within the user's scope as of ``as_of`` (in the pack's year).

    Neither the page nor the PDF prints the scorecard's paying column, so it is not computed. The PDF prints the
    funnel's payments and activity; the page does not and passes ``payments=False`` (the payment evidence is the
    most expensive part: billing's paid months of every registration).
    """
    counts = _active_counts(user, as_of)
    coverage, covered = coverage_by_segment(user=user, as_of=as_of, counts=counts)
    workforce = scoped(WorkforceFigure.objects.all(), user).aggregate(n=Sum("count"))["n"] or 0
    rows = agency_scorecard(user=user, year=pack.year, as_of=as_of, sort="name", paying=False)
    events = events_in_period(user=user, start=dt.date(pack.year, 1, 1), end=min(as_of, dt.date(pack.year, 12, 31)))
    report = funnel_report(user=user, events=events, as_of=as_of, payments=payments)
    report.total.members = []  # the pack prints totals only: no personal data in the document
    return EvidencePackData(pack=pack, as_of=as_of, coverage=coverage, covered=covered, workforce=workforce,
                            scorecard=rows, totals=scorecard_totals(rows), funnel=report.total,
                            evidence_label=report.evidence_label, is_proxy=report.is_proxy,
                            regulations=_regulations(user, pack), apbd_workers=counts["apbd"],
                            payments=payments)  # fmt: skip
