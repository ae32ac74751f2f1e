from django.urls import path

from lindung.registry.views import dedup, employers, imports, memberships, workers

app_name = "registry"

urlpatterns = [
    path("pekerja/", workers.worker_search, name="worker_search"),
    path("pekerja/baru/", workers.worker_create, name="worker_create"),
    path("pekerja/<int:pk>/", workers.worker_detail, name="worker_detail"),
    path("pekerja/<int:pk>/ubah/", workers.worker_edit, name="worker_edit"),
    path("pekerja/<int:pk>/nik/", workers.worker_reveal, name="worker_reveal"),
    path("pekerja/<int:worker_pk>/kepesertaan/baru/", memberships.membership_create, name="membership_create"),
    path("kepesertaan/", memberships.membership_search, name="membership_search"),
    path(
        "kepesertaan/<int:pk>/<str:change>/",
        memberships.membership_change,
        name="membership_change",
    ),
    path("pemberi-kerja/", employers.employer_search, name="employer_search"),
    path("pemberi-kerja/baru/", employers.employer_create, name="employer_create"),
    path("pemberi-kerja/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("pemberi-kerja/<int:pk>/ubah/", employers.employer_edit, name="employer_edit"),
    path("impor/", imports.import_list, name="import_list"),
    path("impor/unggah/", imports.import_upload, name="import_upload"),
    path("impor/templat/<str:kind>.<str:fmt>", imports.import_template, name="import_template"),
    path("impor/<int:pk>/", imports.import_detail, name="import_detail"),
    path("impor/<int:pk>/status/", imports.import_status, name="import_status"),
    path("impor/<int:pk>/konfirmasi/", imports.import_confirm, name="import_confirm"),
    path("impor/<int:pk>/masalah.xlsx", imports.import_issues, name="import_issues"),
    path("duplikat/", dedup.duplicate_list, name="duplicate_list"),
    path("duplikat/<int:pk>/", dedup.duplicate_detail, name="duplicate_detail"),
    path("duplikat/jurnal/", dedup.merge_journal, name="merge_journal"),
    path("duplikat/jurnal/<int:pk>/batal/", dedup.merge_undo, name="merge_undo"),
]
