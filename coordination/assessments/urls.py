from django.urls import path

from . import views

# Included from coordination/urls.py under "nhan-xet/" (namespace "coordination").
urlpatterns = [
    path("", views.assessment_list, name="assessment-list"),
    path("bang/", views.assessment_table, name="assessment-table"),
    path("viet/", views.assessment_create, name="assessment-create"),
    path("<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("<int:pk>/tra-loi/", views.assessment_reply, name="assessment-reply"),
    path("can-bo/", views.officer_comment_list, name="officer-comment-list"),
    path("can-bo/viet/", views.officer_comment_create, name="officer-comment-create"),
    path(
        "can-bo/<int:pk>/", views.officer_comment_detail, name="officer-comment-detail"
    ),
]
