from django.urls import path

from . import views

# Included from coordination/urls.py under "de-nghi/" (namespace "coordination").
urlpatterns = [
    path("", views.request_inbox, name="request-inbox"),
    path("da-gui/", views.request_outbox, name="request-outbox"),
    path("tat-ca/", views.request_all, name="request-all"),
    path("tao-moi/", views.request_create, name="request-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/sua/", views.request_edit, name="request-edit"),
    path("<int:pk>/gui/", views.request_send, name="request-send"),
    path("<int:pk>/rut/", views.request_withdraw, name="request-withdraw"),
    path(
        "<int:pk>/don-vi/<int:rid>/<slug:action>/",
        views.recipient_action,
        name="request-recipient-action",
    ),
    path(
        "tep/<int:pk>/", views.attachment_download, name="request-attachment-download"
    ),
]
