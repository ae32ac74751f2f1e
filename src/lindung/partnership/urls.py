from django.urls import path

from lindung.partnership.views import agencies, agreements, downloads, events, reports

urlpatterns = [
    path("", agencies.scorecard_list, name="partnership_scorecard"),
    path("kartu-skor.xlsx", agencies.scorecard_export, name="partnership_scorecard_xlsx"),
    path("kartu-skor.pdf", downloads.scorecard_pdf, name="partnership_scorecard_pdf"),
    path("perangkat-daerah/<int:pk>/", agencies.agency_detail, name="partnership_agency"),
    path("perangkat-daerah/<int:pk>/ubah/", agencies.agency_edit, name="partnership_agency_edit"),
    path("nota-kesepakatan/", agreements.mou_page, name="partnership_mou"),
    path("nota-kesepakatan/baru/", agreements.mou_create, name="partnership_mou_create"),
    path("nota-kesepakatan/<int:pk>/", agreements.mou_page, name="partnership_mou_detail"),
    path("dokumen/<int:pk>/", agreements.document_download, name="partnership_document"),
    path("pks/baru/", agreements.pks_create, name="partnership_pks_create"),
    path("pks/<int:pk>/", agreements.pks_detail, name="partnership_pks"),
    path("pks/<int:pk>/draf.pdf", downloads.pks_draft, name="partnership_pks_draft"),
    path("acara/", events.event_list, name="partnership_events"),
    path("acara/baru/", events.event_create, name="partnership_event_create"),
    path("acara/<str:code>/", events.event_detail, name="partnership_event"),
    path("paritrana/", reports.evidence_pack, name="partnership_evidence"),
    path("paritrana/paket-bukti.pdf", downloads.evidence_pack_pdf, name="partnership_evidence_download"),
    path("pdf/<int:pk>/", downloads.pdf_status_page, name="partnership_pdf"),
    path("pdf/<int:pk>/status/", downloads.pdf_status, name="partnership_pdf_status"),
    path("pdf/<int:pk>/berkas/", downloads.pdf_file, name="partnership_pdf_file"),
]
