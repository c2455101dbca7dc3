"""Each recipient's thread of a coordination request: one function per
transition of ``workflow.RECIPIENT_TRANSITIONS`` (the table names it). Each
locks the request, checks role, priority, state and version
(``workflow.begin_transition``), changes state, writes a ``RequestEvent`` and
notifies the people concerned after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..workdays import add_working_days
from .models import (
    RequestAnswer,
    RequestRecipient,
)
from .notify import (
    due_text,
    notify_event,
    recipient_users,
    sender_users,
)
from .services import save_attachments
from .workflow import (
    TransitionError,
    begin_transition,
    move_recipient,
)


@transaction.atomic
def receive_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="receive", expected_version=expected_version
    )
    recipient.received_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
        headline=lambda: (
            _("%(org)s đã tiếp nhận") % {"org": recipient.organization.name}
        ),
        actor=by,
    )
    return recipient


@transaction.atomic
def draft_answer(
    *,
    recipient: RequestRecipient,
    by: User,
    body: str,
    expected_version: int | None = None,
) -> RequestRecipient:
    """The recipient's support staff (or a leader) saves a draft answer; the
    organisation's leaders see it pre-filled and send it (ward Điều 12.2:
    support staff prepare, leaders send and sign). The state stays."""
    request, recipient, t = begin_transition(
        recipient=recipient,
        by=by,
        action="draft-answer",
        expected_version=expected_version,
    )
    if not body.strip():
        raise TransitionError(_("Xin nhập nội dung dự thảo trả lời."))
    recipient.answer_draft = body
    recipient.answer_draft_by = by
    recipient.answer_draft_at = timezone.now()
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    notify_event(
        request=request,
        event=event,
        users=recipient_users(request, recipient),
        headline=lambda: _("đã có dự thảo trả lời, xin xem và gửi"),
        actor=by,
    )
    return recipient


@transaction.atomic
def answer_request(
    *,
    recipient: RequestRecipient,
    by: User,
    body: str,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
) -> RequestAnswer:
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="answer", expected_version=expected_version
    )
    if not body.strip():
        raise TransitionError(_("Xin nhập nội dung trả lời."))
    now = timezone.now()
    recipient.received_at = recipient.received_at or now
    recipient.answered_at = now
    # The support staff's draft, if any, has become this answer.
    recipient.answer_draft = ""
    recipient.answer_draft_by = None
    recipient.answer_draft_at = None
    answer = RequestAnswer(
        recipient=recipient,
        organization=recipient.organization,
        author=by,
        body=body,
    )
    answer._history_user = by
    answer.save()
    save_attachments(request=request, files=files, by=by, answer=answer)
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
        headline=lambda: _("%(org)s đã trả lời") % {"org": recipient.organization.name},
        actor=by,
    )
    return answer


@transaction.atomic
def return_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str,
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="return", expected_version=expected_version
    )
    if not comment.strip():
        raise TransitionError(_("Xin ghi rõ thông tin còn thiếu."))
    recipient.closed_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
        headline=lambda: (
            _("%(org)s trả lại vì chưa đủ thông tin")
            % {"org": recipient.organization.name}
        ),
        actor=by,
    )
    return recipient


@transaction.atomic
def resend_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> RequestRecipient:
    """After a return, the sender completes the information and sends again:
    a new deadline is counted from today."""
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="resend", expected_version=expected_version
    )
    today = today or timezone.localdate()
    recipient.due_date = add_working_days(today, request.response_days)
    recipient.closed_at = None
    recipient.received_at = None
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=recipient_users(request, recipient),
        headline=lambda: _("bên đề nghị đã bổ sung và gửi lại"),
        actor=by,
        extra=lambda: due_text(recipient),
    )
    return recipient


@transaction.atomic
def close_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="close", expected_version=expected_version
    )
    recipient.closed_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request) + recipient_users(request, recipient),
        headline=lambda: _("đã kết thúc"),
        actor=by,
    )
    return recipient
