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

from lindung.partnership.selectors.periods import as_of_for, home_region

__all__ = ["XLSX", "as_of_for", "attachment", "home_region", "require", "run_service", "today", "year_param"]

T = TypeVar("T")


def today() -> dt.date:
    return timezone.localdate()


def year_param(request: HttpRequest) -> int:
    """The year of ``?tahun=``, else the current year (bad input falls back rather than failing)."""
    raw = request.GET.get("tahun", "")
    current = today().year
    return int(raw) if raw.isdigit() and 2017 <= int(raw) <= current + 5 else current


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
