"""Programme pages: the list, a programme's ledger (with the city's bill), set-up and edit, the waiting list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.programmes import exports, permissions, services
from lindung.programmes import rules_adapter as rules
from lindung.programmes.forms import ProgrammeForm
from lindung.programmes.models import Criterion, Programme, ProposalStatus, Step
from lindung.programmes.selectors import eligibility, ledger, proposals, waiting
from lindung.programmes.views.common import XLSX, attachment, require, run_service, today, user_region

WAITING_PAGE = 50


def step_labels(counts: dict[str, int]) -> dict[str, int]:
    return {str(Step(step).label): n for step, n in counts.items()}


def ledger_cards(book: ledger.Ledger) -> list[tuple[str, int, str]]:
    return [
        (_("Pagu"), book.budget, "budget"), (_("Terpakai"), book.realised, "realised"),
        (_("Terikat sampai akhir program"), book.committed, "committed"), (_("Dicadangkan"), book.reserved, "reserved"),
        (_("Sisa"), book.remaining, "remaining"),
        (_("Pekerja tambahan yang masih tertanggung"), book.headroom, "headroom"),
        (_("Ditagih"), book.billed, "billed"), (_("Dibayar"), book.paid, "paid"),
        (_("Peserta aktif"), book.members_active, "members"),
    ]  # fmt: skip


def form_context(form: ProgrammeForm, programme: Programme | None) -> dict[str, Any]:
    """The form's fields in three columns: the basis, the policy (ages, time limits, weights), the co-funding."""
    basic = ["year", "name", "budget", "programs", "declared_income", "first_month", "last_month"]
    funding = [name for name in form.fields if name.startswith(("source", "share"))]
    policy = [name for name in form.fields if name not in basic and name not in funding]
    return {"form": form, "programme": programme, "basic": [form[n] for n in basic],
            "policy": [form[n] for n in policy], "funding": [form[n] for n in funding]}  # fmt: skip


def programme_for(request: HttpRequest, pk: int) -> Programme:
    rows = Programme.objects.select_related("region", "source_scenario").prefetch_related("funding")
    return get_scoped_or_404(rows, request.user, pk=pk)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = scoped(Programme.objects.select_related("region"), request.user).order_by("-year")
    context = {
        "programmes": programmes,
        "can_manage": permissions.can_manage(request.user),
        "awaiting": proposals.awaiting_user(user=request.user),
        "overdue": step_labels(proposals.overdue_by_step(user=request.user, today=today())),
    }
    return render(request, "programmes/programme_list.html", context)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk)
    book = ledger.programme_ledger(programme=programme, as_of=today())
    counts = proposals.status_counts(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "ledger": book,
        "ledger_cards": ledger_cards(book),
        "status_counts": [(s.label, counts.get(s.value, 0), s.value) for s in ProposalStatus],
        "overdue": step_labels(proposals.overdue_by_step(user=request.user, today=today(), programme=programme)),
        "late_steps": proposals.late_steps(user=request.user, programme=programme, today=today()),
        "can_manage": permissions.can_manage(request.user),
        "can_close": programme.status == "active" and today() > programme.end,
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    region = user_region(request.user)
    form = ProgrammeForm(request.POST or None, initial={"year": today().year + 1, "name": _("Program pekerja rentan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = run_service(
            request, form,
            lambda: services.programme_create(
                region=region, year=data["year"], programs=data["programs"], funding=form.funding(),
                created_by=request.user, **form.service_fields(),
            ),
            _("Program disimpan sebagai draf. Aktifkan agar usulan dapat diterima."),
        )  # fmt: skip
        if programme is not None:
            return redirect("programmes:programme_detail", pk=programme.pk)
    return render(request, "programmes/programme_form.html", form_context(form, None))


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    programme = programme_for(request, pk)
    form = ProgrammeForm(request.POST or None, initial=ProgrammeForm.initial_for(programme))
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request, form,
            lambda: services.programme_update(
                programme=programme, today=today(), programs=form.cleaned_data["programs"], funding=form.funding(),
                **form.service_fields(),
            ),
            _("Program diperbarui."),
        )  # fmt: skip
        if saved is not None:
            return redirect("programmes:programme_detail", pk=programme.pk)
    return render(request, "programmes/programme_form.html", form_context(form, programme))


@login_required
@require_POST
def programme_activate(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    programme = programme_for(request, pk)
    run_service(request, None, lambda: services.programme_activate(programme=programme),
                _("Program berjalan: usulan perangkat daerah kini dapat diterima."))  # fmt: skip
    return redirect("programmes:programme_detail", pk=programme.pk)


@login_required
@require_POST
def programme_close(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    programme = programme_for(request, pk)
    run_service(request, None, lambda: services.programme_close(programme=programme, today=today()),
                _("Program ditutup; buku besarnya tetap dapat dibaca."))  # fmt: skip
    return redirect("programmes:programme_detail", pk=programme.pk)


@login_required
def waiting_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Eligibility and ranking as data: the ranked waiting list, and who does not qualify and why (the database
    ranks and counts; only the rows shown are read)."""
    programme = programme_for(request, pk)
    page = request.GET.get("page")
    report = waiting.waiting_report(programme=programme, user=request.user, as_of=today(), page=page,
                                    per_page=WAITING_PAGE)  # fmt: skip
    day = max(today(), programme.start)
    low, high = eligibility.age_bounds(programme, day)
    law = rules.bpu_age_range(day)
    context = {
        "programme": programme,
        "report": report,
        "age_low": low,
        "age_high": high,
        "age_note": _("Batas usia peserta BPU menurut aturan: %(low)s–%(high)s tahun.")
        % {"low": law[0], "high": law[1]}
        if law
        else "",
        "can_manage": permissions.can_manage(request.user),
        "ranked": Paginator(report.ranked, WAITING_PAGE).get_page(page),
        "ineligible": report.ineligible,
        "criteria": [(c.label, programme.weight(c)) for c in Criterion],
        "check_labels": check_labels(),
    }
    return render(request, "programmes/waiting_list.html", context)


def check_labels() -> dict[str, str]:
    return {
        "resident": _("Penduduk wilayah"),
        "alive": _("Tidak tercatat meninggal"),
        "age": _("Usia"),
        "active": _("Belum aktif di kepesertaan lain"),
        "vulnerable": _("Kelompok rentan"),
        "pending": _("Belum diusulkan"),
        "merged": _("Data tunggal"),
    }


@login_required
def waiting_list_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk)
    report = eligibility.eligibility_report(programme=programme, user=request.user, as_of=today())
    content = exports.waiting_list_xlsx(programme, report, as_of=today())
    return attachment(content, filename=f"daftar-tunggu-{programme.year}.xlsx", content_type=XLSX)


@login_required
def ledger_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk)
    content = exports.ledger_xlsx(ledger.programme_ledger(programme=programme, as_of=today()))
    return attachment(content, filename=f"buku-besar-{programme.year}.xlsx", content_type=XLSX)


@login_required
def ledger_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for(request, pk)
    content = exports.ledger_pdf(ledger.programme_ledger(programme=programme, as_of=today()))
    return attachment(content, filename=f"buku-besar-{programme.year}.pdf", content_type="application/pdf")
