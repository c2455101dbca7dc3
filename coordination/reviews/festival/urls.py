from django.urls import path

from . import views

# Included from coordination/reviews/urls.py (under "hop-danh-gia/").
urlpatterns = [
    path("ngay-hoi/", views.festival_list, name="review-festival-list"),
    path("ngay-hoi/moi/", views.festival_create, name="review-festival-create"),
    path(
        "ngay-hoi/<int:pk>/",
        views.festival_detail,
        name="review-festival-detail",
    ),
    path(
        "ngay-hoi/<int:pk>/ghi-ket-qua/",
        views.festival_entry,
        name="review-festival-entry",
    ),
]
