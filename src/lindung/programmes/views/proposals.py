"""Proposal pages: the list with whose turn it is, a new proposal (form or import), one proposal and its step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped
from lindung.programmes import exports, permissions, services
from lindung.programmes.forms import ImportProposalForm, ProposalForm
from lindung.programmes.models import Programme, ProgrammeStatus, Proposal, ProposalStatus, RowStatus
from lindung.programmes.selectors import eligibility, proposals, waiting
from lindung.programmes.services import RowDecision
from lindung.programmes.views.common import XLSX, attachment, require, run_service, today
from lindung.registry.models import ImportJob, ImportKind, ImportStatus

CANDIDATES_SHOWN = 300


def _active_programmes(user: Any) -> QuerySet[Programme]:
    return scoped(Programme.objects.filter(status=ProgrammeStatus.ACTIVE), user).order_by("-year")


def _agency(request: HttpRequest) -> Agency | None:
    """The agency proposing: the officer's own, or the one the coordinator picked (``?perangkat=``)."""
    scope = scope_for(request.user)
    if scope is not None and scope.role == Role.AGENCY_OFFICER and scope.agency_id:
        return Agency.objects.get(pk=scope.agency_id)
    raw = request.GET.get("perangkat") or request.POST.get("agency", "")
    if not raw.isdigit():
        return None
    return get_scoped_or_404(Agency.objects.all(), request.user, pk=int(raw))


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ProposalStatus.values else ""
    rows = proposals.proposal_list(user=request.user, status=status)
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": ProposalStatus.choices,
        "awaiting": proposals.awaiting_user(user=request.user),
        "today": today(),
        "can_propose": permissions.can_propose(request.user),
    }
    return render(request, "programmes/proposal_list.html", context)


def _candidates(request: HttpRequest, programme: Programme | None, agency: Agency) -> list[eligibility.Candidate]:
    if programme is None:
        return []
    ranked = waiting.waiting_rows(programme=programme, user=request.user, as_of=today(), agency_id=agency.pk)
    return ranked[:CANDIDATES_SHOWN]


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_propose(request.user))
    agency = _agency(request)
    if agency is None:  # the coordinator proposes on behalf of an agency: choose it first
        agencies = scoped(Agency.objects.all(), request.user).order_by("name")
        return render(request, "programmes/proposal_agency.html", {"agencies": agencies})
    require(permissions.can_propose_for(request.user, agency))
    form = ProposalForm(request.POST or None)
    active = _active_programmes(request.user)
    form.set_programmes(active)
    chosen = request.GET.get("program", "")
    programme = active.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    programme = programme or active.first()
    if request.method == "POST" and form.is_valid():
        programme = form.cleaned_data["programme"]
        ids = [int(v) for v in request.POST.getlist("worker") if v.isdigit()]
        outcome = run_service(
            request, form,
            lambda: services.proposal_create(programme=programme, agency=agency, worker_ids=ids,
                                             created_by=request.user, today=today(), note=form.cleaned_data["note"]),
            _("Usulan dikirim ke Disnaker untuk diverifikasi."),
        )  # fmt: skip
        if outcome is not None:
            return redirect("programmes:proposal_detail", pk=outcome.proposal.pk)
    elif programme is not None:
        form.initial["programme"] = programme.pk
    context = {"form": form, "agency": agency, "programme": programme,
               "candidates": _candidates(request, programme, agency)}  # fmt: skip
    return render(request, "programmes/proposal_form.html", context)


@login_required
def proposal_import(request: HttpRequest) -> HttpResponse:
    """Propose every worker an agency's import of proposed workers registered."""
    require(permissions.can_propose(request.user))
    form = ImportProposalForm(request.POST or None)
    form.set_programmes(_active_programmes(request.user))
    jobs = ImportJob.objects.filter(kind=ImportKind.AGENCY_PROPOSALS, status=ImportStatus.DONE)
    form.set_jobs(scoped(jobs, request.user).order_by("-created_at"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request, form,
            lambda: services.proposal_create_from_import(programme=data["programme"], job=data["job"],
                                                         created_by=request.user, today=today(),
                                                         skip_ineligible=data["skip_ineligible"]),
            _("Usulan dari impor dikirim ke Disnaker untuk diverifikasi."),
        )  # fmt: skip
        if outcome is not None:
            for line in outcome.skipped[:20]:
                messages.warning(request, _("Dilewati: %(line)s") % {"line": line})
            return redirect("programmes:proposal_detail", pk=outcome.proposal.pk)
    return render(request, "programmes/proposal_import.html", {"form": form})


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    rows = Proposal.objects.select_related("programme__region", "agency", "created_by", "import_job")
    return get_scoped_or_404(rows, request.user, pk=pk)


def _decisions(request: HttpRequest, proposal: Proposal) -> list[RowDecision]:
    """One decision per pending row: approved unless its reject box is ticked (or 'reject all' was pressed)."""
    reject_all = request.POST.get("action") == "reject_all"
    common = request.POST.get("bulk_reason", "")
    out = []
    for pk in proposal.rows.filter(status=RowStatus.PENDING).values_list("pk", flat=True):
        rejected = reject_all or request.POST.get(f"reject_{pk}") == "on"
        reason = request.POST.get(f"reason_{pk}", "").strip() or common
        out.append(RowDecision(row_id=pk, approve=not rejected, reason=reason if rejected else ""))
    return out


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if request.method == "POST":
        step = proposal.next_step
        if step is None:
            messages.error(request, _("Usulan ini sudah selesai (%(status)s): tidak ada langkah lagi.")
                           % {"status": proposal.get_status_display()})  # fmt: skip
            return redirect("programmes:proposal_detail", pk=proposal.pk)
        if not permissions.can_take_step(request.user, step, proposal.programme):
            raise PermissionDenied(permissions.step_refusal(request.user, step))
        decided = run_service(
            request, None,
            lambda: services.proposal_decide(proposal=proposal, step=str(step), user=request.user,
                                             decisions=_decisions(request, proposal), today=today(),
                                             note=request.POST.get("note", "")),
            _("Keputusan disimpan."),
        )  # fmt: skip
        if decided is not None:
            return redirect("programmes:proposal_detail", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "rows": proposals.proposal_rows(user=request.user, proposal=proposal),
        "decisions": proposals.decisions(user=request.user, proposal=proposal),
        "can_decide": proposals.can_decide(request.user, proposal),
        "overdue_days": proposal.overdue_days(today()),
        "post": request.POST if request.method == "POST" else {},
    }
    return render(request, "programmes/proposal_detail.html", context)


@login_required
def proposal_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    rows = proposals.proposal_rows(user=request.user, proposal=proposal)
    content = exports.proposal_xlsx(proposal, list(rows))
    return attachment(content, filename=f"{proposal.code}.xlsx", content_type=XLSX)
