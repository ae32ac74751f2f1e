"""Helpers shared by the registry pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.registry.permissions import allowed_actions
from lindung.registry.selectors import user_agency, user_employer, user_region

__all__ = ["attach_errors", "form_page", "page", "user_agency", "user_employer", "user_region"]


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_page(
    request: HttpRequest, form: forms.Form, *, title: Any, back: str, multipart: bool = False, intro: Any = ""
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "multipart": multipart, "intro": intro}
    return render(request, "registry/form.html", context)


def page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"can": allowed_actions(request.user), **context})
