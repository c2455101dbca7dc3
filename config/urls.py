from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts.views import admin_login_redirect

admin.site.site_header = _("Quản trị Quy chế phối hợp")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Dữ liệu hệ thống")

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("coordination.urls")),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quy-che/", include("regulations.urls")),
    path("admin/login/", login_not_required(admin_login_redirect)),
    path("admin/", admin.site.urls),
]
