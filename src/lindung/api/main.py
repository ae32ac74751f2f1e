"""The REST API (django-ninja, OpenAPI at /api/v1/openapi.json): one router per resource, all within scope."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import django_auth

from lindung.api import billing as billing_api
from lindung.api import calc, reference
from lindung.api import coverage as coverage_api
from lindung.api import partnership as partnership_api
from lindung.api import programmes as programmes_api
from lindung.api import registry as registry_api

api = NinjaAPI(
    title="Lindung API",
    version="1",
    description="Jaminan sosial ketenagakerjaan kota — registry, rules, billing and partnership.",
    auth=django_auth,
    urls_namespace="api-v1",
)
api.add_router("/", reference.router)
api.add_router("/", calc.router)
api.add_router("/", registry_api.router)
api.add_router("/", partnership_api.router)
api.add_router("/", programmes_api.router)
api.add_router("/", billing_api.router)
api.add_router("/", coverage_api.router)


#: What every 404 of the API says: a missing object and one outside the caller's scope answer alike.
NOT_FOUND = "Tidak ditemukan atau di luar cakupan Anda."


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """In the caller's language, instead of django-ninja's English "Not Found" (with the query's text in debug)."""
    return api.create_response(request, {"detail": _(NOT_FOUND)}, status=404)
