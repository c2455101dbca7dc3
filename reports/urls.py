from django.urls import path

from . import archive_views, bench_views, draft_views, job_views, views

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
        "tinh-huong/<int:pk>/pdf/",
        views.incident_report_pdf,
        name="incident-report-pdf",
    ),
    path(
        "tinh-huong/<int:pk>/docx/",
        views.incident_report_docx,
        name="incident-report-docx",
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
    path(
        "ket-qua-quy-che/<int:pk>/mo-phien-ban-moi/",
        draft_views.result_report_reopen,
        name="result-report-reopen",
    ),
    path("luu-tru/", archive_views.archive_list, name="archive-list"),
    path("luu-tru/<int:pk>/", archive_views.archive_detail, name="archive-detail"),
    path(
        "luu-tru/<int:pk>/tai-ve/",
        archive_views.archive_download,
        name="archive-download",
    ),
    path("so-van-ban-di/", archive_views.register_list, name="register-list"),
    # Only for a server started by `manage.py benchmark --load` (reports.bench_views).
    path("do-tai/san/", bench_views.floor, name="benchmark-floor"),
    path(
        "so-van-ban-di/<int:pk>/huy/",
        archive_views.register_cancel,
        name="register-cancel",
    ),
]

# Documents rendered by the worker (reports.job_views), and the XLSX exports.
urlpatterns += [
    path("tac-vu/tao/", job_views.render_job_create, name="render-job-create"),
    path("tac-vu/<int:pk>/", job_views.render_job_detail, name="render-job"),
    path(
        "tac-vu/<int:pk>/tai-ve/",
        job_views.render_job_download,
        name="render-job-download",
    ),
    path(
        "ket-qua-quy-che/<int:pk>/xlsx/",
        job_views.result_report_xlsx,
        name="result-report-xlsx",
    ),
    path(
        "trao-doi/<int:pk>/xlsx/",
        job_views.exchange_report_xlsx,
        name="exchange-report-xlsx",
    ),
    path(
        "de-nghi/<int:pk>/xlsx/",
        job_views.request_dossier_xlsx,
        name="request-dossier-xlsx",
    ),
]

# The dashboards (issue 15).
from .dashboard.urls import urlpatterns as dashboard_urlpatterns  # noqa: E402

urlpatterns += dashboard_urlpatterns

# The review meeting's pack (issue 16).
from . import review_pack_views  # noqa: E402

urlpatterns += [
    path(
        "hop-danh-gia/<int:pk>/tai-lieu/",
        review_pack_views.review_pack_page,
        name="review-pack",
    ),
    path(
        "hop-danh-gia/<int:pk>/tai-lieu/pdf/",
        review_pack_views.review_pack_pdf,
        name="review-pack-pdf",
    ),
    path(
        "hop-danh-gia/<int:pk>/tai-lieu/docx/",
        review_pack_views.review_pack_docx,
        name="review-pack-docx",
    ),
    path(
        "hop-danh-gia/<int:pk>/tai-lieu/bao-cao/",
        review_pack_views.review_pack_draft,
        name="review-pack-draft",
    ),
]
