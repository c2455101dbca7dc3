from django.urls import path

from . import draft_views, views

# Included from config/urls.py under "bao-cao/".
app_name = "reports"

urlpatterns = [
    path(
        "trao-doi/<int:pk>/pdf/",
        views.exchange_report_pdf,
        name="exchange-report-pdf",
    ),
    path(
        "trao-doi/<int:pk>/docx/",
        views.exchange_report_docx,
        name="exchange-report-docx",
    ),
    path(
        "de-nghi/<int:pk>/pdf/",
        views.request_dossier_pdf,
        name="request-dossier-pdf",
    ),
    path(
        "de-nghi/<int:pk>/docx/",
        views.request_dossier_docx,
        name="request-dossier-docx",
    ),
    path(
        "ket-qua-quy-che/",
        draft_views.result_report_list,
        name="result-report-list",
    ),
    path(
        "ket-qua-quy-che/tao/",
        draft_views.result_report_create,
        name="result-report-create",
    ),
    path(
        "ket-qua-quy-che/<int:pk>/",
        draft_views.result_report_edit,
        name="result-report-edit",
    ),
    path(
        "ket-qua-quy-che/<int:pk>/ky/",
        draft_views.result_report_sign,
        name="result-report-sign",
    ),
    path(
        "ket-qua-quy-che/<int:pk>/pdf/",
        draft_views.result_report_pdf,
        name="result-report-pdf",
    ),
    path(
        "ket-qua-quy-che/<int:pk>/docx/",
        draft_views.result_report_docx,
        name="result-report-docx",
    ),
]
