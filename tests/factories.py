"""make_* helpers that build data through the real service functions."""

from __future__ import annotations

import datetime
import itertools

from accounts.models import User
from coordination.models import Membership, Organization
from coordination.organizations import services

PASSWORD = "Mat-khau-thu-nghiem-2026"
_seq = itertools.count(1)


def make_org(
    name: str | None = None,
    *,
    kind: str = Organization.Kind.CELL,
    parent: Organization | None = None,
    code: str | None = None,
) -> Organization:
    n = next(_seq)
    return services.create_organization(
        code=code or f"org-{n}",
        name=name or f"Chi bộ thử nghiệm {n}",
        kind=kind,
        parent=parent,
    )


def make_user(
    username: str | None = None,
    *,
    org: Organization | None = None,
    position: str = Membership.Position.SECRETARY,
    focal: bool = False,
    clearance: int = User.Clearance.NONE,
    start_date: datetime.date | None = None,
    **fields,
) -> User:
    username = username or f"user{next(_seq)}"
    fields.setdefault("email", f"{username}@example.test")
    fields.setdefault("full_name", username.replace("_", " ").title())
    user = User.objects.create_user(
        username=username, password=PASSWORD, clearance=clearance, **fields
    )
    if org is not None:
        services.start_membership(
            user=user,
            organization=org,
            position=position,
            is_focal_point=focal,
            start_date=start_date or datetime.date(2026, 1, 1),
            send_notification=False,
        )
    return user


def make_request(
    *,
    by: User,
    sender: Organization,
    recipients: list[Organization],
    subject: str = "Đề nghị phối hợp rà soát đối tượng",
    content: str = "Đề nghị phối hợp rà soát, nắm tình hình địa bàn.",
    send: bool = True,
    acknowledge_uncleared: bool = True,
    **fields,
):
    """A coordination request through the real service (sent by default; a
    classified one even to an organisation without a cleared leader, as the
    sender confirmed)."""
    from coordination.requests import services as request_services

    return request_services.create_request(
        by=by,
        sender=sender,
        recipients=recipients,
        subject=subject,
        content=content,
        send=send,
        acknowledge_uncleared=acknowledge_uncleared,
        **fields,
    )


def make_not_agreed(ward):
    """An important request from cell A to the police whose working meeting
    ended without agreement; returns the police's recipient row."""
    from django.utils import timezone

    from coordination.models import CoordinationRequest
    from coordination.requests import escalation, transitions

    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority=CoordinationRequest.Priority.IMPORTANT,
    )
    rec = req.recipients.get(organization=ward.police)
    transitions.receive_request(recipient=rec, by=ward.officer)
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.secretary_a,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Hội trường",
        sender_participants="Chi bộ",
        recipient_participants="Công an",
    )
    escalation.record_meeting_outcome(
        recipient=rec, by=ward.officer, agreed=False, minutes="Chưa thống nhất."
    )
    return rec
