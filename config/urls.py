from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import set_language

from accounts.views import admin_login_redirect

admin.site.site_header = _("Quản trị Quy chế phối hợp")
admin.site.site_title = _("Quản trị")
admin.site.index_title = _("Dữ liệu hệ thống")


class FaviconView(RedirectView):
    """/favicon.ico, asked for by browsers on pages without our icon link (the
    admin): the static icon, its URL computed per request (the
    hashed name in production)."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.png")


# An oversize upload (coordination.uploads.UploadLimitHandler) gets a 413 page.
handler400 = "coordination.uploads.bad_request"

urlpatterns = [
    path("favicon.ico", login_not_required(FaviconView.as_view()), name="favicon"),
    path("", include("accounts.urls")),
    path("", include("coordination.urls")),
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    path("quy-che/", include("regulations.urls")),
    path("bao-cao/", include("reports.urls")),
    path("admin/login/", login_not_required(admin_login_redirect)),
    path("admin/", admin.site.urls),
]
