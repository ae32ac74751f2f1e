from django.contrib.auth import views as auth_views
from django.urls import path

from lindung.web import calculator, views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Our own templates by a name of their own: django.contrib.admin (listed first) ships templates under the
    # names registration/password_change_*.html, and the first app's template wins.
    path(
        "sandi/",
        auth_views.PasswordChangeView.as_view(template_name="web/password_change_form.html"),
        name="password_change",
    ),
    path(
        "sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path("wilayah/", views.region_detail, name="region_detail"),
    path("wilayah/<str:code>/", views.district_detail, name="district_detail"),
    path("perangkat-daerah/", views.agency_list, name="agency_list"),
    path("audit/", views.audit_list, name="audit_list"),
    path("kalkulator/", calculator.calculator, name="calc"),
    path("kalkulator/<str:kind>/", calculator.calculate, name="calc_run"),
    path("parameter/", calculator.parameters, name="parameters"),
    path("angkatan-kerja/", views.workforce_upload, name="workforce_upload"),
]
