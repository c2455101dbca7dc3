from django.urls import path

from . import views

# Included from coordination/urls.py under "nhac-viec/" (namespace "coordination").
urlpatterns = [
    path("", views.reminder_preferences, name="reminder-preferences"),
]
