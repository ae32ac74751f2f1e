from django.urls import path

from lindung.billing.views import invoices, payments, reports, runs

urlpatterns = [
    path("", runs.home, name="billing_home"),
    path("proses/", runs.run_list, name="billing_runs"),
    path("proses/<int:pk>/", runs.run_detail, name="billing_run_detail"),
    path("proses/<int:pk>/progres/", runs.run_progress, name="billing_run_progress"),
    path("faktur/", invoices.invoice_list, name="billing_invoices"),
    path("faktur/<str:code>/", invoices.invoice_detail, name="billing_invoice_detail"),
    path("rekening-koran/", payments.statement_import, name="billing_statement_import"),
    path(
        "rekening-koran/unggahan/<int:pk>/progres/",
        payments.statement_job_progress,
        name="billing_statement_job_progress",
    ),
    path("suspense/", payments.suspense, name="billing_suspense"),
    path("suspense/<int:pk>/cocokkan/", payments.suspense_assign, name="billing_suspense_assign"),
    path("tunggakan/", reports.arrears, name="billing_arrears"),
    path("tunggakan/<int:account_id>/surat-teguran.pdf", reports.dunning_letter, name="billing_dunning"),
    path("kepatuhan/", reports.compliance, name="billing_compliance"),
    path("rekening/saya/", reports.my_statement, name="billing_my_statement"),
    path("rekening/<int:account_id>/", reports.statement, name="billing_statement"),
    path("rekening/<int:account_id>/rekening.pdf", reports.statement_pdf, name="billing_statement_pdf"),
    path("rekening/<int:account_id>/rekening.xlsx", reports.statement_xlsx, name="billing_statement_xlsx"),
    path("kota/", reports.city_bill, name="billing_city"),
]
