from django.urls import path

from . import views

# Included from coordination/urls.py under "lich/" (namespace "coordination").
urlpatterns = [
    path("", views.calendar_month, name="calendar-month"),
    path("<int:pk>/chot-ngay/", views.calendar_confirm, name="calendar-confirm"),
    path(
        "lien-ket/tao-lai/",
        views.calendar_feed_regenerate,
        name="calendar-feed-regenerate",
    ),
    # No login: calendar programs subscribe with the secret in the URL.
    path("ical/<slug:token>.ics", views.calendar_feed, name="calendar-feed"),
]
