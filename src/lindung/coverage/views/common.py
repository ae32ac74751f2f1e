"""What every coverage page shares: reading the filters from the query string, safe redirects, downloads."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lindung.coverage.exports import XLSX_TYPE
from lindung.web.refusals import refusal

FILTER_PARAMS = ("tanggal", "wilayah", "perangkat", "ukuran")


def as_of_param(request: HttpRequest) -> tuple[dt.date | None, str]:
    """The ``?tanggal=`` date, or None (the latest figures) with a message when it is not a date."""
    raw = request.GET.get("tanggal", "").strip()
    if not raw:
        return None, ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return None, _(
            "Tanggal %(raw)s tidak dikenal: tulis TTTT-BB-HH, mis. 2026-10-31. Angka terbaru ditampilkan."
        ) % {"raw": raw[:20]}


def refuse(request: HttpRequest, specific: str) -> NoReturn:
    """403 for a user who sees the page but whose role may not do this; the reason in the user's language."""
    raise PermissionDenied(refusal(request.user, specific))


def filters(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip()[:40] for key in FILTER_PARAMS if request.GET.get(key, "").strip()}


def query(request: HttpRequest, **changes: str) -> str:
    params = {**filters(request), **changes}
    return "?" + urlencode({k: v for k, v in params.items() if v}) if any(params.values()) else ""


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` path posted with a form, or ``fallback``: only a path on this site (``/...``) is followed;
    anything else (a bare word, which ``redirect`` would take for a view name, control characters) is ignored."""
    target = request.POST.get("next", "")
    ok = (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    return target if ok else fallback


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
