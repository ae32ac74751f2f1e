"""The Paritrana / Universal Coverage Jamsostek evidence pack: the coordinator edits its text, anyone in scope
downloads it as one PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.partnership import permissions, services
from lindung.partnership.forms import EvidencePackForm, EvidenceSectionForm
from lindung.partnership.models import EvidencePack, EvidenceSection
from lindung.partnership.selectors.evidence import evidence_pack_data
from lindung.partnership.views.common import UNKNOWN_FORM, as_of_for, home_region, require, run_service, year_param

#: The forms of the page, by the ``action`` each posts.
EVIDENCE_ACTIONS = frozenset({"pack", "section", "section_delete"})


def _pack(request: HttpRequest, year: int) -> EvidencePack:
    """The pack of the year in the user's scope; the coordinator's first visit opens it."""
    region = home_region(request.user)
    if region is None:
        raise Http404
    pack = scoped(EvidencePack.objects.filter(region=region, year=year), request.user).first()
    if pack is not None:
        return pack
    if permissions.can_manage(request.user):
        return services.evidence_pack_get_or_create(region=region, year=year)
    if not permissions.can_read_evidence(request.user):
        raise Http404
    return EvidencePack(region=region, year=year)  # not written yet: the computed parts still print


@login_required
def evidence_pack(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    pack = _pack(request, year)
    manage = permissions.can_manage(request.user)
    pack_form = EvidencePackForm(initial={"apbd_allocation": pack.apbd_allocation, "apbd_note": pack.apbd_note,
                                          "regulations": pack.regulations})  # fmt: skip
    section_form = EvidenceSectionForm()
    if request.method == "POST":
        require(manage)
        action = request.POST.get("action", "pack")  # a POST without one is the pack form, as before actions
        if action not in EVIDENCE_ACTIONS:
            # An unknown action (a stale page, a hand-made POST) used to land on the pack form and save it again.
            messages.error(request, UNKNOWN_FORM)
            return redirect(f"{request.path}?tahun={year}")
        if action == "section":
            section_form = EvidenceSectionForm(request.POST)
            ok = section_form.is_valid() and run_service(request, section_form, lambda: services.evidence_section_save(
                pack=pack, **section_form.cleaned_data), _("Bagian disimpan.")) is not None  # fmt: skip
        elif action == "section_delete":
            section = get_scoped_or_404(EvidenceSection.objects.filter(pack=pack), request.user,
                                        pk=request.POST.get("section"))  # fmt: skip
            run_service(request, None, lambda: services.evidence_section_delete(section=section), _("Bagian dihapus."))
            ok = True
        else:
            pack_form = EvidencePackForm(request.POST)
            ok = pack_form.is_valid() and run_service(request, pack_form, lambda: services.evidence_pack_update(
                pack=pack, **pack_form.cleaned_data), _("Paket bukti disimpan.")) is not None  # fmt: skip
        if ok:
            return redirect(f"{request.path}?tahun={year}")
    # The page prints the funnel's events, attendance and registrations only; the PDF adds payments.
    data = evidence_pack_data(user=request.user, pack=pack, as_of=as_of_for(year), payments=False)
    context = {"pack": pack, "data": data, "year": year, "can_manage": manage, "pack_form": pack_form,
               "section_form": section_form, "sections": pack.sections.all() if pack.pk else [],
               "years": range(as_of_for(year).year + 1, 2016, -1)}  # fmt: skip
    return render(request, "partnership/evidence_pack.html", context)
