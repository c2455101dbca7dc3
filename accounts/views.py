from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from coordination.notifications.selectors import unread_notifications
from coordination.organizations.selectors import current_memberships
from coordination.organizations.services import (
    SYNC_SESSION_KEY,
    sync_dated_memberships_for_session,
)

from .forms import LoginForm, PasswordChangeForm
from .help import help_context
from .pending import pending_items
from .roles import get_roles


@method_decorator(never_cache, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # Memberships that began or ended by date apply from this login on.
        self.request.session.pop(SYNC_SESSION_KEY, None)
        sync_dated_memberships_for_session(
            user=form.get_user(), session=self.request.session
        )
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def home(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": where I belong now, and what waits for me."""
    memberships = list(current_memberships(request.user))
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": memberships,
            "roles": sorted(get_roles(request.user)),
            "notifications": unread_notifications(request.user)[:10],
            "pending_items": pending_items(request.user),
        },
    )


def help_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """ "Hướng dẫn": the page of the user's role, or another role's."""
    return render(request, "help/help_page.html", help_context(request.user, slug))


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """The admin has no login page of its own: everyone logs in through ours
    (same throttling, same messages)."""
    if request.user.is_authenticated:
        # Logged in but not staff: the admin would send them back here (a loop).
        raise PermissionDenied
    target = reverse("accounts:login")
    next_url = request.GET.get("next")
    if next_url:
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)
