from django.urls import path

from . import views

# Included from coordination/urls.py under "thong-bao/" (namespace "coordination").
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path(
        "da-doc/",
        views.notification_mark_all_read,
        name="notification-mark-all-read",
    ),
    path("thu-loi/", views.failed_email_list, name="failed-email-list"),
    path(
        "thu-loi/<int:pk>/gui-lai/",
        views.failed_email_resend,
        name="failed-email-resend",
    ),
]
