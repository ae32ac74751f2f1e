"""What every programme page shares: today, the user's region, services' refusals shown on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from lindung.core.models import Region
from lindung.core.scoping import scoped

T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> dt.date:
    return timezone.localdate()


def user_region(user: Any) -> Region:
    """The installation's region if the user sees it, else the first region the user sees."""
    region = (
        scoped(Region.objects.filter(code=settings.LINDUNG_REGION), user).first()
        or scoped(Region.objects.order_by("code"), user).first()
    )
    if region is None:
        raise Http404
    return region


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def run_service(request: HttpRequest, form: forms.Form | None, call: Callable[[], T], success: str) -> T | None:
    """Call a service; a refusal becomes form errors (by field where the form has it) or page messages."""
    try:
        result = call()
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
        elif hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None
    if success:
        messages.success(request, success)
    return result


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
