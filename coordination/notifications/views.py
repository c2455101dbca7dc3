from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, has_role

from ..admin_access import outbound_emails_within_clearance
from . import outbox
from .models import Notification, OutboundEmail


def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)[:100]
    return render(
        request,
        "coordination/notifications/notification_list.html",
        {"notifications": notifications},
    )


@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("coordination:notification-list")


def _administrator_only(request: HttpRequest) -> None:
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise Http404


def failed_email_list(request: HttpRequest) -> HttpResponse:
    """The e-mails that could not be sent after every retry, for an
    administrator to fix the cause (address, SMTP server) and send again;
    those about a classified item above the administrator's clearance are
    absent, as in the admin."""
    _administrator_only(request)
    emails = outbound_emails_within_clearance(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED),
        request.user.clearance,
    ).order_by("-created_at")[:200]
    retrying = outbound_emails_within_clearance(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING, attempts__gt=0
        ),
        request.user.clearance,
    ).count()
    return render(
        request,
        "coordination/notifications/failed_email_list.html",
        {"emails": emails, "retrying": retrying},
    )


@require_POST
def failed_email_resend(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator_only(request)
    visible = outbound_emails_within_clearance(
        OutboundEmail.objects.filter(pk=pk), request.user.clearance
    )
    if not visible.exists():
        raise Http404
    if outbox.resend(pk):
        messages.success(request, _("Đã đưa thư vào hàng chờ gửi lại."))
    else:
        messages.info(request, _("Thư này không còn ở trạng thái gửi lỗi."))
    return redirect("coordination:failed-email-list")
