from django.urls import path

from . import views

# Included from coordination/reviews/urls.py (under "hop-danh-gia/").
urlpatterns = [
    path("de-xuat/", views.proposal_list, name="review-proposal-list"),
    path("de-xuat/moi/", views.proposal_create, name="review-proposal-create"),
    path("de-xuat/<int:pk>/", views.proposal_detail, name="review-proposal-detail"),
    path(
        "de-xuat/<int:pk>/quyet-dinh/",
        views.proposal_decide,
        name="review-proposal-decide",
    ),
    path("kien-nghi/", views.amendment_list, name="review-amendment-list"),
    path("kien-nghi/moi/", views.amendment_create, name="review-amendment-create"),
    path("kien-nghi/<int:pk>/", views.amendment_detail, name="review-amendment-detail"),
    path(
        "kien-nghi/tong-hop/",
        views.compilation_create,
        name="review-compilation-create",
    ),
    path(
        "kien-nghi/tong-hop/<int:pk>/",
        views.compilation_detail,
        name="review-compilation-detail",
    ),
    path(
        "kien-nghi/tong-hop/<int:pk>/quyet-dinh/",
        views.compilation_decide,
        name="review-compilation-decide",
    ),
]
