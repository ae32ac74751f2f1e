"""Duplicate review: candidates with the evidence side by side, merge or dismiss, the journal with undo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404
from lindung.registry import selectors, services
from lindung.registry.forms import MergeForm, ReasonForm
from lindung.registry.models import CandidateStatus, DuplicateCandidate, DuplicateReason, MergeJournal, Worker
from lindung.registry.permissions import Action, require
from lindung.registry.views.common import page


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CandidateStatus.OPEN)
    if status not in CandidateStatus.values:
        status = CandidateStatus.OPEN
    candidates = selectors.duplicate_candidates(user=request.user, status=status)[:100]
    context = {
        "candidates": candidates,
        "status": status,
        "statuses": CandidateStatus.choices,
        "reasons": dict(DuplicateReason.choices),
    }
    return page(request, "registry/duplicate_list.html", context)


def _side(worker: Worker, user: object) -> dict[str, object]:
    return {"worker": worker, "memberships": selectors.worker_memberships(user=user, worker=worker)}


@login_required
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_scoped_or_404(
        DuplicateCandidate.objects.select_related("worker_a__village", "worker_b__village"), request.user, pk=pk
    )
    merge_form, dismiss_form = MergeForm(), ReasonForm()
    if request.method == "POST":
        require(request.user, Action.DEDUP_REVIEW)
        merge_form, dismiss_form, done = _decide(request, candidate)
        if done:
            return redirect("registry:duplicate_list")
    context = {
        "candidate": candidate,
        "a": _side(candidate.worker_a, request.user),
        "b": _side(candidate.worker_b, request.user),
        "reasons": [DuplicateReason(r).label for r in candidate.reasons],
        "merge_form": merge_form,
        "dismiss_form": dismiss_form,
    }
    return page(request, "registry/duplicate_detail.html", context)


def _decide(request: HttpRequest, candidate: DuplicateCandidate) -> tuple[MergeForm, ReasonForm, bool]:
    merging = request.POST.get("decision") == "merge"
    merge_form = MergeForm(request.POST if merging else None)
    dismiss_form = ReasonForm(None if merging else request.POST)
    form = merge_form if merging else dismiss_form
    if not form.is_valid():
        return merge_form, dismiss_form, False
    try:
        if merging:
            keep_a = form.cleaned_data["survivor"] == "a"
            survivor, merged = (
                (candidate.worker_a, candidate.worker_b) if keep_a else (candidate.worker_b, candidate.worker_a)
            )
            services.worker_merge(
                survivor=survivor,
                merged=merged,
                user=request.user,
                candidate=candidate,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Data digabung. Penggabungan dapat dibatalkan dari jurnal."))
        else:
            services.duplicate_dismiss(candidate=candidate, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Ditandai bukan duplikat."))
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return merge_form, dismiss_form, False
    return merge_form, dismiss_form, True


@login_required
def merge_journal(request: HttpRequest) -> HttpResponse:
    entries = selectors.merge_journal(user=request.user)[:100]
    return page(request, "registry/merge_journal.html", {"entries": entries, "form": ReasonForm()})


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.DEDUP_REVIEW)
    journal = get_scoped_or_404(
        MergeJournal.objects.select_related("survivor", "merged", "candidate"), request.user, pk=pk
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pembatalan."))
        return redirect("registry:merge_journal")
    try:
        services.worker_merge_undo(journal=journal, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Penggabungan dibatalkan."))
    return redirect("registry:merge_journal")
