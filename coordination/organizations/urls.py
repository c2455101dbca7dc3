from django.urls import path

from . import views

# Included from coordination/urls.py under "to-chuc/" (namespace "coordination").
urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("<int:pk>/", views.organization_detail, name="organization-detail"),
    path("dau-moi/", views.focal_point_directory, name="focal-point-directory"),
]
