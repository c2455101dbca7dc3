from django.urls import path

from . import views

app_name = "regulations"

version = "<slug:code>/v<int:version>/"

urlpatterns = [
    path("", views.regulation_list, name="regulation-list"),
    path("tim-kiem/", views.search, name="search"),
    path("nhap-van-ban/", views.upload, name="upload"),
    path(version, views.regulation_detail, name="regulation-detail"),
    path(f"{version}toan-van/", views.regulation_print, name="regulation-print"),
    path(f"{version}ma-tran/", views.matrix, name="matrix"),
    path(f"{version}tai-ve.pdf", views.regulation_pdf, name="regulation-pdf"),
    path(f"{version}tai-ve.docx", views.regulation_docx, name="regulation-docx"),
    path(f"{version}phien-ban-moi/", views.version_create, name="version-create"),
    path(f"{version}phe-duyet/", views.approve, name="approve"),
    path(f"{version}d/<slug:ref>/", views.provision_detail, name="provision"),
    path(f"{version}d/<slug:ref>/sua/", views.provision_edit, name="provision-edit"),
    path(
        "<slug:code>/so-sanh/v<int:old>-v<int:new>/", views.diff, name="regulation-diff"
    ),
]
