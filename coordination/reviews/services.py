"""Review meetings: the ward's police committee (secretary, deputies,
support staff) schedules a meeting and invites the ward's cells, records
attendance, minutes and decisions, assigns action items and marks the meeting
held (minutes required); an action item's owner marks it done (late after its
due date).

Each function checks who acts, locks, changes the state, records who and
when, and notifies after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from ..notifications.services import notify
from ..organizations.models import Membership, Organization
from ..permissions import drafting_org_ids, review_host_ward_ids
from ..validators import is_blank, nfc
from .models import ReviewActionItem, ReviewInvitation, ReviewMeeting


class ReviewError(Exception):
    """Refused, with a Vietnamese message."""


def ward_cells(ward: Organization):
    """The ward's cells (every cell-side organisation under it), invited by
    default."""
    return Organization.objects.filter(
        parent=ward, kind__in=Organization.CELL_SIDE_KINDS, is_active=True
    ).order_by("name")


def _check_host(by: User, ward_id: int) -> None:
    if ward_id not in review_host_ward_ids(by):
        raise ReviewError(
            _(
                "Chỉ Bí thư, Phó Bí thư hoặc bộ phận giúp việc Đảng ủy Công an "
                "phường mới tổ chức họp đánh giá."
            )
        )


def _lock(meeting: ReviewMeeting) -> ReviewMeeting:
    return ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def schedule_review(
    *,
    by: User,
    ward: Organization,
    kind: str,
    year: int,
    starts_at: datetime.datetime,
    place: str,
    chair: User,
    agenda: str = "",
    provision=None,
    invited: Iterable[Organization] | None = None,
) -> ReviewMeeting:
    """A planned meeting; the ward's cells are invited unless ``invited``
    names some."""
    _check_host(by, ward.pk)
    if is_blank(place):
        raise ReviewError(_("Xin ghi địa điểm."))
    orgs = list(ward_cells(ward) if invited is None else invited)
    if any(o.parent_id != ward.pk for o in orgs):
        raise ReviewError(_("Chỉ mời các đơn vị thuộc đảng bộ."))
    meeting = ReviewMeeting(
        ward=ward,
        kind=kind,
        year=year,
        starts_at=starts_at,
        place=nfc(place),
        chair=chair,
        agenda=nfc(agenda),
        provision=provision,
        created_by=by,
    )
    meeting._history_user = by
    meeting.save()
    ReviewInvitation.objects.bulk_create(
        ReviewInvitation(meeting=meeting, organization=o) for o in orgs
    )
    _tell(
        _leaders([o.pk for o in orgs]),
        by,
        lambda: (
            _("Mời dự %(meeting)s ngày %(date)s")
            % {
                "meeting": meeting,
                "date": timezone.localtime(meeting.starts_at).strftime(
                    "%H:%M %d/%m/%Y"
                ),
            }
        ),
        meeting.get_absolute_url(),
        f"review-invite:{meeting.pk}",
    )
    return meeting


@transaction.atomic
def update_review(
    *,
    meeting: ReviewMeeting,
    by: User,
    starts_at: datetime.datetime,
    place: str,
    chair: User,
    agenda: str = "",
    invited: Iterable[Organization] | None = None,
) -> ReviewMeeting:
    """A planned meeting's date, place, chair, agenda and invited
    organisations, before it is held. Organisations newly invited get the
    invitation; those still invited are told of a changed date (after
    commit); an organisation no longer invited loses its invitation."""
    meeting = _lock(meeting)
    _check_host(by, meeting.ward_id)
    if meeting.state != ReviewMeeting.State.PLANNED:
        raise ReviewError(_("Cuộc họp đã họp; không sửa được lịch họp."))
    if is_blank(place):
        raise ReviewError(_("Xin ghi địa điểm."))
    ward = meeting.ward
    orgs = list(ward_cells(ward) if invited is None else invited)
    if any(o.parent_id != ward.pk for o in orgs):
        raise ReviewError(_("Chỉ mời các đơn vị thuộc đảng bộ."))
    moved = starts_at != meeting.starts_at
    meeting.starts_at, meeting.place, meeting.chair = starts_at, nfc(place), chair
    meeting.agenda = nfc(agenda)
    meeting._history_user = by
    meeting.save()
    wanted = {o.pk for o in orgs}
    had = set(meeting.invitations.values_list("organization_id", flat=True))
    meeting.invitations.exclude(organization_id__in=wanted).delete()
    ReviewInvitation.objects.bulk_create(
        ReviewInvitation(meeting=meeting, organization=o)
        for o in orgs
        if o.pk not in had
    )
    when = timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y")
    added = [pk for pk in wanted if pk not in had]
    _tell(
        _leaders(added),
        by,
        lambda: (
            _("Mời dự %(meeting)s ngày %(date)s") % {"meeting": meeting, "date": when}
        ),
        meeting.get_absolute_url(),
        f"review-invite:{meeting.pk}",
    )
    if moved:
        _tell(
            _leaders([pk for pk in wanted if pk in had]),
            by,
            lambda: (
                _("%(meeting)s chuyển sang ngày %(date)s")
                % {"meeting": meeting, "date": when}
            ),
            meeting.get_absolute_url(),
            f"review-moved:{meeting.pk}:{when}",
        )
    return meeting


@transaction.atomic
def record_review(
    *,
    meeting: ReviewMeeting,
    by: User,
    minutes: str,
    decisions: str,
    attended: Iterable[int],
    mark_held: bool = False,
) -> ReviewMeeting:
    """Attendance (the invitations whose organisation ids are in ``attended``
    were present, the others absent), minutes and decisions; ``mark_held``
    moves a planned meeting to held, which needs the minutes."""
    meeting = _lock(meeting)
    _check_host(by, meeting.ward_id)
    present = set(attended)
    changed = []
    for invitation in meeting.invitations.all():
        value = invitation.organization_id in present
        if invitation.attended is not value:
            invitation.attended = value
            changed.append(invitation)
    ReviewInvitation.objects.bulk_update(changed, ["attended"])  # one query
    meeting.minutes, meeting.decisions = nfc(minutes), nfc(decisions)
    if mark_held and meeting.state == ReviewMeeting.State.PLANNED:
        if is_blank(meeting.minutes):
            raise ReviewError(_("Xin ghi biên bản trước khi ghi đã họp."))
        meeting.state, meeting.held_at = ReviewMeeting.State.HELD, timezone.now()
    meeting._history_user = by
    meeting.save()
    return meeting


@transaction.atomic
def add_review_item(
    *,
    meeting: ReviewMeeting,
    by: User,
    owner: Organization,
    description: str,
    due_date: datetime.date,
) -> ReviewActionItem:
    meeting = _lock(meeting)
    _check_host(by, meeting.ward_id)
    if owner.pk != meeting.ward_id and owner.parent_id != meeting.ward_id:
        raise ReviewError(_("Đơn vị thực hiện phải thuộc đảng bộ."))
    if is_blank(description):
        raise ReviewError(_("Xin ghi việc cần làm."))
    item = ReviewActionItem(
        meeting=meeting, owner=owner, description=nfc(description), due_date=due_date
    )
    item._history_user = by
    item.save()
    _tell(
        _leaders([owner.pk]),
        by,
        lambda: (
            _("Việc cần làm sau %(meeting)s, hạn %(date)s")
            % {"meeting": meeting, "date": due_date.strftime("%d/%m/%Y")}
        ),
        meeting.get_absolute_url(),
        f"review-item:{item.pk}",
    )
    return item


@transaction.atomic
def complete_review_item(
    *, item: ReviewActionItem, by: User, note: str = ""
) -> ReviewActionItem:
    """The owner's leaders or support staff mark it done; after the due date
    it stays marked as done late."""
    item = ReviewActionItem.objects.select_for_update().get(pk=item.pk)
    if item.owner_id not in drafting_org_ids(by):
        raise ReviewError(_("Chỉ đơn vị thực hiện mới báo hoàn thành."))
    if item.done_at is not None:
        raise ReviewError(_("Việc này đã hoàn thành."))
    item.done_at, item.done_by, item.done_note = timezone.now(), by, nfc(note)
    item._history_user = by
    item.save()
    return item


def _leaders(org_ids) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(organization_id__in=org_ids, position__in=Membership.LEADERSHIP)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _tell(users, by, title, url, key) -> None:
    """In-app notices and e-mails in Vietnamese, after commit."""
    users = [u for u in users if u.pk != by.pk]
    if not users:
        return

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = title()
            notify(users=users, title=text, body=text, url=url, dedup_key=key)

    transaction.on_commit(send)
