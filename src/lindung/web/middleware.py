"""Bahasa Indonesia by default; English only when the user picks it with the switch (cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language, so officers with an English browser
would land in English; the partnership's working language is Indonesian.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        with translation.override(language, deactivate=True):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            # Lazy responses (TemplateResponse) render later: render now, in the chosen language.
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()
        response.headers.setdefault("Content-Language", language)
        return response
