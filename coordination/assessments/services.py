"""Assessments of police work: a cell writes one (per area), the police
committee's leaders reply; a cell comments on a named officer living in its
area, and every opening of such a comment is logged.

Each function checks who acts, writes, grants view to the organisations'
groups (the position rules are in ``permissions``) and notifies after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from guardian.models import Permission

from accounts.models import User

from ..notifications.services import notify
from ..organizations.models import Membership, Organization
from ..permissions import acting_org_ids, leader_org_ids
from ..validators import is_blank, nfc
from .models import (
    Assessment,
    AssessmentGroupObjectPermission,
    AssessmentLine,
    OfficerComment,
    OfficerCommentAccess,
    OfficerCommentGroupObjectPermission,
    RatingLevel,
)

POLICE = Organization.Kind.POLICE_COMMITTEE


class AssessmentError(Exception):
    """Refused, with a Vietnamese message."""


def _ward_org(cell: Organization, kind: str) -> Organization | None:
    return (
        Organization.objects.filter(parent_id=cell.parent_id, kind=kind, is_active=True)
        .order_by("pk")
        .first()
    )


def _grant(model_perm: str, grant_model, obj, orgs) -> None:
    perm = Permission.objects.get(
        content_type__app_label="coordination", codename=model_perm
    )
    grant_model.objects.bulk_create(
        [
            grant_model(group_id=o.group_id, permission=perm, content_object=obj)
            for o in orgs
            if o is not None
        ],
        ignore_conflicts=True,
    )


def _check_cell(by: User, cell: Organization) -> None:
    if cell.kind not in Organization.CELL_SIDE_KINDS or cell.pk not in acting_org_ids(
        by
    ):
        raise AssessmentError(
            _("Chỉ Bí thư, Phó Bí thư hoặc đầu mối của chi bộ, đảng bộ mới nhận xét.")
        )


@transaction.atomic
def create_assessment(
    *,
    by: User,
    cell: Organization,
    lines: Iterable[tuple[object, RatingLevel, str]],
    summary: str = "",
    round_=None,
) -> Assessment:
    """A cell's assessment of the police's work in its area: (area, rating,
    comment) per area; at least one area."""
    _check_cell(by, cell)
    lines = [(area, rating, nfc(comment)) for area, rating, comment in lines]
    if not lines:
        raise AssessmentError(_("Xin đánh giá ít nhất một lĩnh vực."))
    if len({area.pk for area, _r, _c in lines}) != len(lines):
        raise AssessmentError(_("Mỗi lĩnh vực chỉ đánh giá một lần."))
    police = _ward_org(cell, POLICE)
    if police is None:
        raise AssessmentError(_("Đảng bộ chưa có Đảng ủy Công an."))
    if round_ is not None and round_.ward_id != cell.parent_id:
        raise AssessmentError(_("Kỳ báo cáo không thuộc đảng bộ này."))
    assessment = Assessment(
        cell=cell, police=police, round=round_, author=by, summary=nfc(summary)
    )
    assessment._history_user = by
    assessment.save()
    AssessmentLine.objects.bulk_create(
        AssessmentLine(assessment=assessment, area=area, rating=rating, comment=c)
        for area, rating, c in lines
    )
    standing = _ward_org(cell, Organization.Kind.STANDING_COMMITTEE)
    _grant(
        "view_assessment",
        AssessmentGroupObjectPermission,
        assessment,
        [cell, police, standing],
    )
    _tell(
        _police_leaders(police),
        by,
        lambda: (
            _("%(cell)s gửi nhận xét, đánh giá công tác công an") % {"cell": cell.name}
        ),
        assessment.get_absolute_url(),
        f"assessment:{assessment.pk}",
    )
    return assessment


@transaction.atomic
def reply_assessment(*, assessment: Assessment, by: User, reply: str) -> Assessment:
    """The police committee's secretary or a deputy replies."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.police_id not in leader_org_ids(by, (POLICE,)):
        raise AssessmentError(
            _("Chỉ Bí thư, Phó Bí thư Đảng ủy Công an trả lời nhận xét.")
        )
    if is_blank(reply):
        raise AssessmentError(_("Xin ghi nội dung trả lời."))
    assessment.reply = nfc(reply)
    assessment.replied_by, assessment.replied_at = by, timezone.now()
    assessment._history_user = by
    assessment.save()
    leaders = Membership.objects.current().filter(
        organization_id=assessment.cell_id, position__in=Membership.LEADERSHIP
    )
    _tell(
        [m.user for m in leaders.select_related("user")],
        by,
        lambda: _("Đảng ủy Công an đã trả lời nhận xét của chi bộ"),
        assessment.get_absolute_url(),
        f"assessment-reply:{assessment.pk}:{assessment.replied_at:%s}",
    )
    return assessment


@transaction.atomic
def comment_on_officer(
    *, by: User, cell: Organization, officer: Membership, text: str
) -> OfficerComment:
    """A cell's comment on a named officer of its ward's police committee."""
    _check_cell(by, cell)
    police = _ward_org(cell, POLICE)
    if police is None or officer.organization_id != police.pk:
        raise AssessmentError(
            _("Chỉ nhận xét cán bộ, chiến sĩ của Đảng ủy Công an phường mình.")
        )
    if is_blank(text):
        raise AssessmentError(_("Xin ghi nội dung nhận xét."))
    comment = OfficerComment.objects.create(
        cell=cell, officer=officer, text=nfc(text), author=by
    )
    standing = _ward_org(cell, Organization.Kind.STANDING_COMMITTEE)
    _grant(
        "view_officercomment",
        OfficerCommentGroupObjectPermission,
        comment,
        [cell, police, standing],
    )
    readers = [u for u in _police_leaders(police) if u.pk != officer.user_id]
    _tell(
        readers,
        by,
        lambda: (
            _("%(cell)s gửi nhận xét về cán bộ, chiến sĩ công an cư trú")
            % {"cell": cell.name}
        ),
        comment.get_absolute_url(),
        f"officer-comment:{comment.pk}",
    )
    return comment


def log_officer_comment_opened(
    *, comment: OfficerComment, by: User, ip_address: str | None
) -> None:
    OfficerCommentAccess.objects.create(comment=comment, user=by, ip_address=ip_address)


def _police_leaders(police: Organization) -> list[User]:
    ids = (
        Membership.objects.current()
        .filter(organization=police, position__in=Membership.LEADERSHIP)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _tell(users, by, title, url, key) -> None:
    """Notices (in Vietnamese: ``title`` is a callable) name the organisation,
    never the officer or the comment."""
    users = [u for u in {u.pk: u for u in users}.values() if u.pk != by.pk]
    if not users:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = title()
        notify(users=users, title=text, body=text, url=url, dedup_key=key)
