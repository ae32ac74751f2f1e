"""The poverty-decile upload: the coordinator records DTKS/P3KE desil per worker for the ranking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.programmes import permissions
from lindung.programmes.forms import DecileUploadForm
from lindung.programmes.models import Criterion, PovertyDecile
from lindung.programmes.services.deciles import poverty_deciles_upload
from lindung.programmes.views.common import require, run_service, today
from lindung.programmes.views.programmes import programme_for


@login_required
def decile_upload(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    programme = programme_for(request, pk)
    form = DecileUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        saved = run_service(
            request, form,
            lambda: poverty_deciles_upload(
                region=programme.region, data=upload.read(), file_name=upload.name, user=request.user,
                source=form.cleaned_data["source"], as_of=form.cleaned_data["as_of"], today=today(),
            ),
            "",
        )  # fmt: skip
        if saved is not None:
            message = _("%(n)s desil disimpan (%(replaced)s menggantikan data lama).")
            messages.success(request, message % {"n": saved.written, "replaced": saved.replaced})
            return redirect("programmes:decile_upload", pk=programme.pk)
    known = PovertyDecile.objects.filter(region=programme.region_id)
    context = {
        "programme": programme, "form": form, "known": known.count(),
        "by_decile": list(known.values_list("decile").annotate(n=Count("pk")).order_by("decile")),
        "weight": programme.weight(Criterion.POVERTY),
    }  # fmt: skip
    return render(request, "programmes/decile_upload.html", context)
