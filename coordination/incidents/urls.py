from django.urls import path

from . import views

# Included from coordination/urls.py under "tinh-huong/" (namespace "coordination").
urlpatterns = [
    path("", views.incident_list, name="incident-list"),
    path("bao-cao/", views.incident_create, name="incident-create"),
    path("<int:pk>/", views.incident_detail, name="incident-detail"),
    path("<int:pk>/<slug:action>/", views.incident_action, name="incident-action"),
    path("viec/<int:pk>/xong/", views.action_item_done, name="incident-item-done"),
    path(
        "tep/<int:pk>/", views.attachment_download, name="incident-attachment-download"
    ),
]
