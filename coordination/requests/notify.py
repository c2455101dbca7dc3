"""Who is told of each event of a request, and what they read: in Vietnamese,
never the actor, classified requests only by their placeholder."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from ..notifications.services import notify
from ..organizations.models import Membership
from ..organizations.selectors import org_leaders
from ..permissions import standing_org_ids
from .models import CoordinationRequest, RequestEvent, RequestRecipient


def standing_committee_users(
    request: CoordinationRequest, *, clearance: int = 0
) -> list[User]:
    """Members of the standing committee of the request's ward."""
    ids = (
        Membership.objects.current()
        .filter(
            organization_id__in=standing_org_ids(request), organization__is_active=True
        )
        .values("user_id")
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True, clearance__gte=clearance)
    )


def notify_event(
    *,
    request: CoordinationRequest,
    event: RequestEvent,
    users: Iterable[User],
    headline: str | Callable[[], str],
    actor: User,
    extra: str | Callable[[], str] = "",
) -> None:
    """Notify ``users`` (never the actor) of one event, in Vietnamese
    (``headline``/``extra`` may be callables, evaluated in Vietnamese).
    Classified requests show only their placeholder and a neutral line (see
    ``_notify_classified``): ``headline`` and ``extra`` are not used."""
    # A user who leads both sides (or also sits on the standing committee) is
    # notified once.
    users = list({u.pk: u for u in users if u.pk != actor.pk}.values())
    if not users:
        return
    # Notifications and e-mails are in Vietnamese whatever the actor's language.
    with translation.override(settings.LANGUAGE_CODE):
        if request.is_classified:
            _notify_classified(request=request, event=event, users=users)
            return
        _notify_now(
            request=request,
            event=event,
            users=users,
            headline=str(headline() if callable(headline) else headline),
            actor=actor,
            extra=str(extra() if callable(extra) else extra),
        )


def _notify_now(*, request, event, users, headline, actor, extra) -> None:
    if request.is_classified:  # never its details, whoever calls
        _notify_classified(request=request, event=event, users=users)
        return
    title = f"[{_('Đề nghị phối hợp')}] {request.safe_title}: {headline}"
    lines = [
        _("Đề nghị phối hợp %(ref)s của %(org)s: %(headline)s.")
        % {"ref": request.reference, "org": request.sender.name, "headline": headline},
        _("Người thực hiện: %(name)s, lúc %(time)s.")
        % {
            "name": actor.get_full_name(),
            "time": timezone.localtime(event.created_at).strftime("%H:%M %d/%m/%Y"),
        },
    ]
    if extra:
        lines.append(extra)
    if event.comment:
        lines.append(_("Ghi chú: %(comment)s") % {"comment": event.comment})
    notify(
        users=users,
        title=title[:255],
        body="\n".join(lines),
        url=request.get_absolute_url(),
        dedup_key=f"request-event:{event.pk}",
    )


def _notify_classified(*, request, event, users) -> None:
    """A classified request's notices say only that something happened: its
    placeholder ("Văn bản Mật #id"), never its subject, content or comments,
    nor the organisations, the people who acted, meeting times and places,
    outcomes or deadlines (all metadata of a classified matter); cleared users
    read the details in the application."""
    headline = _("có diễn biến mới, xin xem trong hệ thống")
    notify(
        users=users,
        title=f"[{_('Đề nghị phối hợp')}] {request.safe_title}: {headline}"[:255],
        body="\n".join(
            [
                _("Đề nghị phối hợp %(ref)s: %(headline)s.")
                % {"ref": request.reference, "headline": headline},
                _(
                    "Nội dung văn bản mật chỉ xem được trong hệ thống, không gửi "
                    "qua thư."
                ),
            ]
        ),
        url=request.get_absolute_url(),
        dedup_key=f"request-event:{event.pk}",
    )


def due_text(recipient: RequestRecipient) -> str:
    if recipient.due_date is None:
        return ""
    return _("Hạn trả lời: %(date)s.") % {
        "date": recipient.due_date.strftime("%d/%m/%Y")
    }


def sender_users(request: CoordinationRequest) -> list[User]:
    return org_leaders([request.sender_id], clearance=request.confidentiality)


def recipient_users(
    request: CoordinationRequest, recipient: RequestRecipient
) -> list[User]:
    return org_leaders([recipient.organization_id], clearance=request.confidentiality)
