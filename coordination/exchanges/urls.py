from django.urls import path

from . import views

# Included from coordination/urls.py under "trao-doi/" (namespace "coordination").
urlpatterns = [
    path("", views.exchange_list, name="exchange-list"),
    path("tien-do/", views.exchange_timeliness, name="exchange-timeliness"),
    path("ky/<int:pk>/", views.exchange_round, name="exchange-round"),
    path("ky/dot-xuat/", views.exchange_round_create, name="exchange-round-create"),
    path("lich/", views.exchange_schedule, name="exchange-schedule"),
    path("<int:pk>/", views.exchange_detail, name="exchange-detail"),
    path("<int:pk>/luu/", views.exchange_save, name="exchange-save"),
    path("<int:pk>/<slug:action>/", views.exchange_action, name="exchange-action"),
    path(
        "tep/<int:pk>/", views.attachment_download, name="exchange-attachment-download"
    ),
]
