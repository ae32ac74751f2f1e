"""What every partnership page shares: the as-of date, the year asked for, services' errors on forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lindung.partnership.forms import database_id
from lindung.partnership.selectors.periods import as_of_for, home_region

__all__ = [
    "UNKNOWN_FORM", "XLSX", "as_of_for", "attachment", "home_region", "id_param", "require", "run_service", "today",
    "year_param",
]  # fmt: skip

T = TypeVar("T")
#: A blank or unknown POST (a stale page, a form sent empty) on a page of several forms: refused, nothing saved.
UNKNOWN_FORM = gettext_lazy(
    "Formulir yang dikirim kosong atau tidak dikenal; tidak ada yang disimpan. "
    "Isi salah satu formulir di halaman ini lalu kirim lagi."
)


def today() -> dt.date:
    return timezone.localdate()


def year_param(request: HttpRequest) -> int:
    """The year of ``?tahun=``, else the current year (bad input falls back rather than failing)."""
    year = id_param(request.GET.get("tahun", ""))
    current = today().year
    return year if year is not None and 2017 <= year <= current + 5 else current


#: A row id from a query string or a form, or None (``forms.database_id``).
id_param = database_id


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def run_service(request: HttpRequest, form: forms.Form | None, call: Callable[[], T], success: str) -> T | None:
    """Call a service; its refusal becomes a form error (or a page message) and nothing is saved."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
        return None
    messages.success(request, success)
    return result


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
