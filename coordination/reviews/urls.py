from django.urls import include, path

from . import views

# Included from coordination/urls.py under "hop-danh-gia/" (namespace "coordination").
urlpatterns = [
    path("", views.review_list, name="review-list"),
    path("moi/", views.review_create, name="review-create"),
    path("<int:pk>/", views.review_detail, name="review-detail"),
    path("<int:pk>/sua/", views.review_edit, name="review-edit"),
    path("<int:pk>/ghi-ket-qua/", views.review_record, name="review-record"),
    path("<int:pk>/giao-viec/", views.review_item_add, name="review-item-add"),
    path("viec/<int:pk>/xong/", views.review_item_done, name="review-item-done"),
    path("", include("coordination.reviews.proposals.urls")),
    path("", include("coordination.reviews.conference.urls")),
    path("", include("coordination.reviews.festival.urls")),
]
