from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lindung.core.scoping import scope_for
from lindung.web.navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    scope = scope_for(getattr(request, "user", None))
    return {"nav_items": nav_for(scope.role if scope else None), "user_scope": scope}
