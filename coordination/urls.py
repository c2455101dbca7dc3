from django.urls import include, path

from . import views

app_name = "coordination"

urlpatterns = [
    path("de-nghi/", include("coordination.urls_requests")),
    path("to-chuc/", views.organization_list, name="organization-list"),
    path("to-chuc/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("thong-bao/", views.notification_list, name="notification-list"),
    path(
        "thong-bao/da-doc/",
        views.notification_mark_all_read,
        name="notification-mark-all-read",
    ),
]
