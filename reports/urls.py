from django.urls import path

from . import views

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
]
