from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("huong-dan/", views.help_page, name="help"),
    path("huong-dan/<slug:slug>/", views.help_page, name="help-page"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "doi-mat-khau/xong/",
        views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
]
