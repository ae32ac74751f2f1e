from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("lindung.api.urls")),
    path("kemitraan/", include("lindung.partnership.urls")),
    path("registrasi/", include("lindung.registry.urls")),
    path("program-rentan/", include("lindung.programmes.urls")),
    path("tagihan/", include("lindung.billing.urls")),
    path("cakupan/", include("lindung.coverage.urls")),
    path("", include("lindung.web.urls")),
]

if settings.DEBUG:  # pragma: no cover
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
