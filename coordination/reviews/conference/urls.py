from django.urls import path

from . import views

# Included from coordination/reviews/urls.py (under "hop-danh-gia/").
urlpatterns = [
    path("hoi-nghi/", views.conference_list, name="review-conference-list"),
    path("hoi-nghi/moi/", views.conference_create, name="review-conference-create"),
    path(
        "hoi-nghi/<int:pk>/",
        views.conference_detail,
        name="review-conference-detail",
    ),
    path(
        "hoi-nghi/<int:pk>/y-kien/",
        views.opinion_add,
        name="review-opinion-add",
    ),
    path(
        "y-kien/<int:pk>/tra-loi/",
        views.opinion_answer,
        name="review-opinion-answer",
    ),
]
