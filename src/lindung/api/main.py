"""The REST API (django-ninja, OpenAPI at /api/v1/openapi.json): one router per resource, all within scope."""

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
