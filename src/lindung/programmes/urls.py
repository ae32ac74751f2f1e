from django.urls import path

from lindung.programmes.views import deciles, planner, programmes, proposals, replacements

app_name = "programmes"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("baru/", programmes.programme_create, name="programme_create"),
    path("<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("<int:pk>/ubah/", programmes.programme_edit, name="programme_edit"),
    path("<int:pk>/aktifkan/", programmes.programme_activate, name="programme_activate"),
    path("<int:pk>/tutup/", programmes.programme_close, name="programme_close"),
    path("<int:pk>/daftar-tunggu/", programmes.waiting_list, name="waiting_list"),
    path("<int:pk>/daftar-tunggu.xlsx", programmes.waiting_list_xlsx, name="waiting_list_xlsx"),
    path("<int:pk>/desil/", deciles.decile_upload, name="decile_upload"),
    path("<int:pk>/desil/<int:job>/status/", deciles.decile_upload_status, name="decile_upload_status"),
    path("<int:pk>/buku-besar.xlsx", programmes.ledger_xlsx, name="ledger_xlsx"),
    path("<int:pk>/buku-besar.pdf", programmes.ledger_pdf, name="ledger_pdf"),
    path("usulan/", proposals.proposal_list, name="proposal_list"),
    path("usulan/baru/", proposals.proposal_create, name="proposal_create"),
    path("usulan/dari-impor/", proposals.proposal_import, name="proposal_import"),
    path("usulan/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("usulan/<int:pk>.xlsx", proposals.proposal_xlsx, name="proposal_xlsx"),
    path("pengganti/", replacements.replacement_list, name="replacement_list"),
    path("pengganti/sinkron/", replacements.replacement_sync, name="replacement_sync"),
    path("pengganti/<int:pk>/<str:action>/", replacements.replacement_act, name="replacement_act"),
    path("simulasi/", planner.scenario_list, name="scenario_list"),
    path("simulasi/<int:pk>/", planner.scenario_detail, name="scenario_detail"),
    path("simulasi/<int:pk>/jadikan-program/", planner.scenario_convert, name="scenario_convert"),
    path("simulasi/banding/", planner.scenario_compare, name="scenario_compare"),
    path("simulasi/banding.xlsx", planner.scenario_compare_xlsx, name="scenario_compare_xlsx"),
    path("simulasi/banding.pdf", planner.scenario_compare_pdf, name="scenario_compare_pdf"),
]
