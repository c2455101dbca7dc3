"""The "Công an lắng nghe ý kiến Nhân dân" conference: the police
committee's hosts record it and the opinions raised, each assigned to an
organisation of the ward with a due date; the assignee's leaders or support
staff answer (late after the due date). Each function checks who acts,
locks, changes the state, records who and when, and notifies after commit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ...organizations.models import Organization
from ...permissions import drafting_org_ids
from ...validators import is_blank, nfc
from ..services import ReviewError, _check_host, _leaders, _tell
from .models import CitizenOpinion, ListeningConference


@transaction.atomic
def hold_conference(
    *,
    by: User,
    ward: Organization,
    year: int,
    held_on: datetime.date,
    place: str,
    summary: str = "",
) -> ListeningConference:
    _check_host(by, ward.pk)
    if is_blank(place):
        raise ReviewError(_("Xin ghi địa điểm."))
    conference = ListeningConference(
        ward=ward,
        year=year,
        held_on=held_on,
        place=nfc(place),
        summary=nfc(summary),
        created_by=by,
    )
    conference._history_user = by
    conference.save()
    return conference


@transaction.atomic
def add_opinion(
    *,
    conference: ListeningConference,
    by: User,
    raised_by: str,
    content: str,
    assignee: Organization,
    due_date: datetime.date,
) -> CitizenOpinion:
    conference = ListeningConference.objects.select_for_update().get(pk=conference.pk)
    _check_host(by, conference.ward_id)
    if assignee.parent_id != conference.ward_id:
        raise ReviewError(_("Đơn vị giải quyết phải thuộc đảng bộ."))
    if is_blank(content) or is_blank(raised_by):
        raise ReviewError(_("Xin ghi ý kiến và người nêu ý kiến."))
    opinion = CitizenOpinion(
        conference=conference,
        raised_by=nfc(raised_by),
        content=nfc(content),
        assignee=assignee,
        due_date=due_date,
    )
    opinion._history_user = by
    opinion.save()
    _tell(
        _leaders([assignee.pk]),
        by,
        lambda: (
            _("Ý kiến tại %(c)s cần trả lời trước %(date)s")
            % {"c": conference, "date": due_date.strftime("%d/%m/%Y")}
        ),
        conference.get_absolute_url(),
        f"citizen-opinion:{opinion.pk}",
    )
    return opinion


@transaction.atomic
def answer_opinion(*, opinion: CitizenOpinion, by: User, answer: str) -> CitizenOpinion:
    opinion = CitizenOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.assignee_id not in drafting_org_ids(by):
        raise ReviewError(_("Chỉ đơn vị được giao mới trả lời ý kiến này."))
    if opinion.answered_at is not None:
        raise ReviewError(_("Ý kiến này đã được trả lời."))
    if is_blank(answer):
        raise ReviewError(_("Xin ghi nội dung trả lời."))
    opinion.answer, opinion.answered_at, opinion.answered_by = (
        nfc(answer),
        timezone.now(),
        by,
    )
    opinion._history_user = by
    opinion.save()
    return opinion
