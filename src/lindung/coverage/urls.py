from django.urls import path

from lindung.coverage.views import dashboard, followups, gaps, reports, targets

urlpatterns = [
    path("", dashboard.dashboard, name="coverage_dashboard"),
    path("kecamatan/<str:code>/", dashboard.district, name="coverage_district"),
    path("ekspor.xlsx", dashboard.export, name="coverage_export"),
    path("hitung-ulang/", dashboard.refresh, name="coverage_refresh"),
    path("kesenjangan/", gaps.gaps, name="coverage_gaps"),
    path("kesenjangan/<str:kind>/", gaps.gaps, name="coverage_gaps_kind"),
    path("tindak-lanjut/", followups.followups, name="coverage_followups"),
    path("tindak-lanjut/tugaskan/", gaps.assign, name="coverage_assign"),
    path("tindak-lanjut/<int:pk>/status/", followups.followup_status, name="coverage_followup_status"),
    path("target/", targets.targets, name="coverage_targets"),
    path("laporan/", reports.reports, name="coverage_reports"),
    path("laporan/buat/", reports.generate, name="coverage_report_generate"),
    path("laporan/proses/<int:pk>/", reports.report_job_progress, name="coverage_report_job_progress"),
    path("laporan/<int:pk>/<str:fmt>/", reports.download, name="coverage_report_download"),
]
