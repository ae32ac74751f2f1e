"""The REST API (django-ninja, OpenAPI at /api/v1/openapi.json): one router per resource, all within scope."""

from ninja import NinjaAPI
from ninja.security import django_auth

from lindung.api import calc, reference

api = NinjaAPI(
    title="Lindung API",
    version="1",
    description="Jaminan sosial ketenagakerjaan kota — registry, rules, billing and partnership.",
    auth=django_auth,
    urls_namespace="api-v1",
)
api.add_router("/", reference.router)
api.add_router("/", calc.router)
