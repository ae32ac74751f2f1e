"""Pages of the MoU and of each PKS: details, documents, lifecycle steps, obligations, targets, the draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.partnership import lifecycle, permissions, services
from lindung.partnership.forms import (
    DocumentForm,
    MouForm,
    ObligationForm,
    PksCreateForm,
    PksStepForm,
    ScopeItemForm,
    StyledForm,
    TargetForm,
)
from lindung.partnership.models import AgreementDocument, Mou, Pks, PksObligation, PksTarget
from lindung.partnership.selectors.agreements import mou_list
from lindung.partnership.views.common import UNKNOWN_FORM, home_region, id_param, require, run_service


@login_required
def mou_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mous = mou_list(user=request.user)
    mou = get_scoped_or_404(Mou.objects.all(), request.user, pk=pk) if pk is not None else mous.first()
    manage = permissions.can_manage(request.user)
    forms: dict[str, Any] = {"scope_form": ScopeItemForm(), "document_form": DocumentForm()}
    if request.method == "POST" and mou is not None:
        require(manage)
        done = _mou_action(request, mou, forms)
        if done:
            return redirect("partnership_mou_detail", pk=mou.pk)
    context = {"mous": mous, "mou": mou, "can_manage": manage, **forms}
    if mou is not None:
        user = request.user
        context.update(
            agencies=scoped(mou.agencies.all(), user).order_by("name"),
            documents=scoped(mou.documents.all(), user),
            scope_items=scoped(mou.scope_items.all(), user),
        )
    return render(request, "partnership/mou.html", context)


def _mou_action(request: HttpRequest, mou: Mou, forms: dict[str, Any]) -> bool:
    form: StyledForm
    if request.POST.get("action") == "document":
        form = forms["document_form"] = DocumentForm(request.POST, request.FILES)
        return form.is_valid() and run_service(request, form, lambda: services.document_upload(
            title=form.cleaned_data["title"], upload=form.cleaned_data["file"], user=request.user, mou=mou),
            _("Dokumen disimpan.")) is not None  # fmt: skip
    form = forms["scope_form"] = ScopeItemForm(request.POST)
    return form.is_valid() and run_service(request, form, lambda: services.mou_scope_item_add(
        mou=mou, **form.cleaned_data), _("Ruang lingkup ditambahkan.")) is not None  # fmt: skip


@login_required
def mou_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    region = home_region(request.user)
    if region is None:
        raise Http404
    form = MouForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mou = run_service(request, form, lambda: services.mou_create(region=region, branch=region.branches.first(),
                          **data), _("Nota Kesepakatan disimpan."))  # fmt: skip
        if mou is not None:
            return redirect("partnership_mou_detail", pk=mou.pk)
    return render(request, "partnership/mou_form.html", {"form": form})


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_scoped_or_404(AgreementDocument.objects.all(), request.user, pk=pk)
    response = FileResponse(document.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"dokumen-{document.pk}.pdf")  # fmt: skip
    return response


@login_required
def pks_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    mou = mou_list(user=request.user).first()
    if mou is None:
        return redirect("partnership_mou_create")
    form = PksCreateForm(request.POST or None, user=request.user, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        pks = run_service(request, form, lambda: services.pks_create(mou=mou, user=request.user, **form.cleaned_data),
                          _("Draf PKS dibuat."))  # fmt: skip
        if pks is not None:
            return redirect("partnership_pks", pk=pks.pk)
    return render(request, "partnership/pks_form.html", {"form": form, "mou": mou})


PKS_ACTIONS = frozenset({"step", "document", "target", "target_delete", "obligation_done", "obligation"})


def _pks_forms() -> dict[str, Any]:
    return {"target_form": TargetForm(), "obligation_form": ObligationForm(), "document_form": DocumentForm()}


@login_required
def pks_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pks = get_scoped_or_404(Pks.objects.select_related("agency", "mou", "renewal_of"), request.user, pk=pk)
    forms = _pks_forms()
    if request.method == "POST" and _pks_action(request, pks, forms):
        return redirect("partnership_pks", pk=pks.pk)
    steps = permissions.allowed_steps(request.user, pks)
    context = {
        "pks": pks, "transitions": scoped(pks.transitions.all(), request.user),
        "obligations": scoped(pks.obligations.all(), request.user), "targets": scoped(pks.targets.all(), request.user),
        "documents": scoped(pks.documents.all(), request.user),
        "steps": [(s, lifecycle.label(s)) for s in steps], "step_form": PksStepForm(),
        "can_edit": permissions.can_edit_pks_content(request.user, pks), "badge": lifecycle.badge(pks.status),
        "can_upload": permissions.can_work_for_agency(request.user, pks.agency), **forms,
    }  # fmt: skip
    return render(request, "partnership/pks_detail.html", context)


def _pks_action(request: HttpRequest, pks: Pks, forms: dict[str, Any]) -> bool:
    """Handle one POSTed action; True when it succeeded (then the page redirects)."""
    form: StyledForm
    action = request.POST.get("action", "")
    if action not in PKS_ACTIONS:
        require(permissions.can_edit_pks_content(request.user, pks)
                or permissions.can_work_for_agency(request.user, pks.agency))  # fmt: skip
        # A blank or unknown POST (a stale page, a form sent empty) used to land on the obligation form.
        messages.error(request, UNKNOWN_FORM)
        return True
    if action == "step":
        return _pks_step(request, pks)
    if action == "document":
        require(permissions.can_work_for_agency(request.user, pks.agency))
        form = forms["document_form"] = DocumentForm(request.POST, request.FILES)
        return form.is_valid() and run_service(request, form, lambda: services.document_upload(
            title=form.cleaned_data["title"], upload=form.cleaned_data["file"], user=request.user, pks=pks),
            _("Dokumen disimpan.")) is not None  # fmt: skip
    require(permissions.can_edit_pks_content(request.user, pks))
    if action == "target":
        form = forms["target_form"] = TargetForm(request.POST)
        data: dict[str, Any] = {k: (v if v is not None else 0) if k in {"workers", "events", "budget"} else v
                for k, v in form.cleaned_data.items()} if form.is_valid() else {}  # fmt: skip
        return bool(data) and run_service(request, form, lambda: services.pks_target_add(pks=pks, **data),
                                          _("Target ditambahkan.")) is not None  # fmt: skip
    if action == "target_delete":
        target = get_scoped_or_404(PksTarget.objects.filter(pks=pks), request.user,
                                   pk=id_param(request.POST.get("target", "")))  # fmt: skip
        run_service(request, None, lambda: services.pks_target_delete(target=target), _("Target dihapus."))
        return True
    if action == "obligation_done":
        item = get_scoped_or_404(PksObligation.objects.filter(pks=pks), request.user,
                                 pk=id_param(request.POST.get("obligation", "")))  # fmt: skip
        done = request.POST.get("done", "")
        if done not in {"0", "1"}:
            messages.error(request, _("Pilih apakah kewajiban terpenuhi atau belum; tidak ada yang berubah."))
            return True
        services.pks_obligation_set_done(obligation=item, done=done == "1")
        return True
    form = forms["obligation_form"] = ObligationForm(request.POST)
    return form.is_valid() and run_service(request, form, lambda: services.pks_obligation_add(
        pks=pks, **form.cleaned_data), _("Kewajiban ditambahkan.")) is not None  # fmt: skip


def _pks_step(request: HttpRequest, pks: Pks) -> bool:
    """A lifecycle step: a refused step shows its reason on the page, and nothing is saved."""
    form = PksStepForm(request.POST)
    wanted = form.data.get("to_status", "")
    if not wanted:
        messages.error(request, _("Pilih langkah PKS dengan salah satu tombol langkah; tidak ada yang berubah."))
        return True
    require(permissions.can_request_step(request.user, pks, wanted))
    if not form.is_valid():  # a bad date or a note too long: refuse the step, rather than take it without them
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else None
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return True
    data = form.cleaned_data
    run_service(request, None, lambda: services.pks_transition(
        pks=pks, to_status=wanted, user=request.user, note=data.get("note", ""), signed_on=data.get("signed_on"),
        valid_from=data.get("valid_from"), valid_to=data.get("valid_to"), number=data.get("number") or None),
        _("Status PKS diperbarui."))  # fmt: skip
    return True
