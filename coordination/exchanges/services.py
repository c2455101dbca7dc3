"""Exchange reports: saving drafts, submitting, accepting or returning,
acknowledging, reopening after the lock date; the ward's due/lock schedule.

Each function checks the actor's side and the report's state, locks the report
row (``select_for_update``), changes state, writes an ``ExchangeEvent`` and
notifications (sent after commit). An illegal change raises
``TransitionError`` with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from .. import uploads
from ..notifications.services import notify
from ..organizations.models import Organization
from ..organizations.selectors import org_leaders
from ..permissions import member_org_ids
from ..validators import is_blank, nfc
from .models import (
    ExchangeAcknowledgement,
    ExchangeAttachment,
    ExchangeEntry,
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
    ExchangeSchedule,
)
from .periods import due_and_lock
from .selectors import report_duties, report_sections
from .workflow import (
    UNCHANGED,
    Direction,
    NotAllowed,
    StaleDraft,
    State,
    TransitionError,
    acting_counterparts,
    begin_transition,
    counterpart_ids,
    move,
    needs_reopening,
)

TEXT_FIELDS = ("new_policies", "results", "difficulties", "proposals")


# --- Drafts ------------------------------------------------------------------------------


@transaction.atomic
def save_draft(
    *,
    report: ExchangeReport,
    by: User,
    expected_version=None,
    fields: Mapping[str, str] | None = None,
    entries: Mapping[int, str] | None = None,
    completed_sections: Iterable[str] | None = None,
    confidentiality: int | None = None,
    files: Iterable[UploadedFile] = (),
) -> ExchangeReport:
    """Save what the author (its leaders or support staff) has written. The
    form's version must be the current one: when someone else saved in
    between, nothing is written and ``StaleDraft`` carries their version, so
    the page can show both. Duties outside the report's regulation and side
    are ignored, as are unknown fields."""
    report, transition = begin_transition(
        report=report, by=by, action="save", expected_version=None
    )
    if expected_version not in (None, "") and str(expected_version) != str(
        report.version
    ):
        raise StaleDraft(
            _(
                "%(name)s đã lưu báo cáo này lúc %(time)s, sau khi đồng chí mở trang. "
                "Bản của đồng chí chưa được lưu: xem nội dung đã lưu bên dưới, "
                "chép phần cần giữ rồi lưu lại."
            )
            % {
                "name": _display_name(report.draft_saved_by),
                "time": timezone.localtime(
                    report.draft_saved_at or report.updated_at
                ).strftime("%H:%M:%S %d/%m/%Y"),
            },
            current=report,
        )
    if confidentiality is not None:
        if confidentiality > by.clearance:
            raise TransitionError(
                _("Bạn không được tiếp cận tài liệu ở độ mật đã chọn.")
            )
        report.confidentiality = confidentiality
    for name, value in (fields or {}).items():
        if name in TEXT_FIELDS and not (
            name == "new_policies" and report.direction != Direction.TO_CELLS
        ):
            setattr(report, name, nfc(value))
    sections = {section.key for section in report_sections(report)}
    if completed_sections is not None:
        report.completed_sections = sorted(set(completed_sections) & sections)
    if entries:
        _save_entries(report, entries)
    for f in files:
        if f:
            save_attachment(report=report, file=f, by=by)
    report.draft_saved_at = timezone.now()
    report.draft_saved_by = by
    target = State.DRAFT if report.state == State.NOT_STARTED else UNCHANGED
    first = report.state == State.NOT_STARTED
    event = move(report=report, by=by, action="save", target=target)
    if not first:  # one event for the start, not one per autosave
        event.delete()
    return report


def _display_name(user: User | None) -> str:
    if user is None:
        return _("Người khác")
    return user.get_full_name() or user.get_username()


def _save_entries(report: ExchangeReport, entries: Mapping[int, str]) -> None:
    allowed = {r.pk for r in report_duties(report)}
    wanted = {int(k): nfc(v) for k, v in entries.items() if int(k) in allowed}
    if not wanted:
        return
    existing = {
        e.responsibility_id: e
        for e in ExchangeEntry.objects.filter(
            report=report, responsibility_id__in=wanted
        )
    }
    changed, new = [], []
    for pk, text in wanted.items():
        if pk in existing:
            if existing[pk].text != text:
                existing[pk].text = text
                changed.append(existing[pk])
        else:
            new.append(ExchangeEntry(report=report, responsibility_id=pk, text=text))
    ExchangeEntry.objects.bulk_create(new)
    ExchangeEntry.objects.bulk_update(changed, ["text"])


def save_attachment(*, report: ExchangeReport, file: UploadedFile, by: User):
    content_type = uploads.validate_attachment(file)
    return ExchangeAttachment.objects.create(
        report=report,
        file=file,
        original_name=uploads.safe_display_name(file.name),
        size=file.size,
        content_type=content_type,
        uploaded_by=by,
    )


# --- Submission and the counterpart's answer ------------------------------------------


@transaction.atomic
def submit_report(
    *,
    report: ExchangeReport,
    by: User,
    expected_version=None,
    today: datetime.date | None = None,
) -> ExchangeReport:
    """Submit (or resubmit after a return). Past the lock date a report never
    submitted needs the standing committee or office to reopen it first. A
    first submission after the due date is late, and stays late."""
    today = today or timezone.localdate()
    report, _t = begin_transition(
        report=report, by=by, action="submit", expected_version=expected_version
    )
    if needs_reopening(report, today):
        raise TransitionError(
            _(
                "Kỳ báo cáo đã khóa sổ ngày %(date)s. Xin Thường trực hoặc Văn phòng "
                "Đảng ủy mở lại báo cáo cho đơn vị trước khi nộp."
            )
            % {"date": report.round.lock_date.strftime("%d/%m/%Y")}
        )
    if is_blank(report.results):
        raise TransitionError(
            _("Xin ghi phần “Kết quả phối hợp” trước khi nộp báo cáo.")
        )
    resubmit = report.state == State.RETURNED
    now = timezone.now()
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.submitted_late = today > report.round.due_date
    report.submitted_at = now
    report.submitted_by = by
    report.submission += 1
    event = move(
        report=report,
        by=by,
        action="resubmit" if resubmit else "submit",
        target=State.SUBMITTED,
        organization_id=report.organization_id,
    )
    _notify(
        report,
        event,
        org_leaders(counterpart_ids(report), clearance=report.confidentiality),
        by,
        lambda: (
            (
                _("%(org)s đã nộp lại báo cáo sau khi sửa")
                if resubmit
                else _("%(org)s đã nộp báo cáo")
            )
            % {"org": report.organization.name}
        ),
    )
    return report


@transaction.atomic
def accept_report(
    *, report: ExchangeReport, by: User, expected_version=None, comment: str = ""
) -> ExchangeReport:
    """The police committee accepts a cell's report."""
    report, _t = begin_transition(
        report=report, by=by, action="accept", expected_version=expected_version
    )
    report.accepted_at = timezone.now()
    orgs = acting_counterparts(by, report)
    event = move(
        report=report,
        by=by,
        action="accept",
        target=State.ACCEPTED,
        comment=nfc(comment),
        organization_id=orgs[0] if orgs else None,
    )
    _notify_author(report, event, by, lambda: _("báo cáo đã được tiếp nhận"))
    return report


@transaction.atomic
def acknowledge_report(
    *,
    report: ExchangeReport,
    by: User,
    expected_version=None,
    organization: Organization | None = None,
    comment: str = "",
) -> ExchangeReport:
    """A cell acknowledges the police committee's report; once every cell of
    the round has acknowledged this submission, the report is accepted."""
    report, _t = begin_transition(
        report=report, by=by, action="acknowledge", expected_version=None
    )
    done = set(
        report.acknowledgements.filter(submission=report.submission).values_list(
            "organization_id", flat=True
        )
    )
    mine = [pk for pk in acting_counterparts(by, report) if pk not in done]
    if organization is not None:
        mine = [pk for pk in mine if pk == organization.pk]
    if not mine:
        raise TransitionError(_("Đơn vị của đồng chí đã xác nhận báo cáo này."))
    org_id = mine[0]
    ExchangeAcknowledgement.objects.create(
        report=report,
        organization_id=org_id,
        submission=report.submission,
        acknowledged_by=by,
    )
    done.add(org_id)
    complete = counterpart_ids(report) <= done
    if complete:
        report.accepted_at = timezone.now()
    event = move(
        report=report,
        by=by,
        action="acknowledge",
        target=State.ACCEPTED if complete else UNCHANGED,
        comment=nfc(comment),
        organization_id=org_id,
    )
    if complete:
        _notify_author(
            report, event, by, lambda: _("mọi chi bộ, đảng bộ đã xác nhận báo cáo")
        )
    return report


@transaction.atomic
def return_report(
    *, report: ExchangeReport, by: User, reason: str, expected_version=None
) -> ExchangeReport:
    """The counterpart returns a submitted report for correction, with a reason."""
    if is_blank(reason):
        raise TransitionError(_("Xin ghi rõ lý do trả lại để đơn vị sửa."))
    report, _t = begin_transition(
        report=report, by=by, action="return", expected_version=expected_version
    )
    report.returned_count += 1
    orgs = acting_counterparts(by, report)
    event = move(
        report=report,
        by=by,
        action="return",
        target=State.RETURNED,
        comment=nfc(reason),
        organization_id=orgs[0] if orgs else None,
    )
    _notify_author(
        report,
        event,
        by,
        lambda: _("báo cáo bị trả lại để sửa"),
        extra=lambda: _("Lý do: %(reason)s") % {"reason": event.comment},
    )
    return report


@transaction.atomic
def reopen_report(
    *,
    report: ExchangeReport,
    by: User,
    reason: str,
    expected_version=None,
    today: datetime.date | None = None,
) -> ExchangeReport:
    """The standing committee or the ward office lets an organisation submit
    after the lock date (recorded, with the reason)."""
    if is_blank(reason):
        raise TransitionError(_("Xin ghi rõ lý do mở lại báo cáo."))
    report, _t = begin_transition(
        report=report, by=by, action="reopen", expected_version=expected_version
    )
    if not needs_reopening(report, today):
        raise TransitionError(
            _("Báo cáo chưa khóa sổ hoặc đã được mở lại: không cần mở lại.")
        )
    report.reopened_at = timezone.now()
    event = move(
        report=report, by=by, action="reopen", target=UNCHANGED, comment=nfc(reason)
    )
    _notify_author(
        report,
        event,
        by,
        lambda: _("báo cáo đã được mở lại để nộp sau khóa sổ"),
        extra=lambda: _("Lý do: %(reason)s") % {"reason": event.comment},
    )
    return report


# --- The ward's schedule --------------------------------------------------------------


@transaction.atomic
def set_schedule(
    *,
    ward: Organization,
    by: User,
    due_days: int,
    lock_days: int,
    today: datetime.date | None = None,
) -> ExchangeSchedule:
    """Set the ward's due and lock days (its standing committee, its office or
    an administrator). Periodic rounds not yet due move to the new dates."""
    oversight = set(
        Organization.objects.filter(
            parent=ward,
            kind__in=(Organization.Kind.STANDING_COMMITTEE, Organization.Kind.OFFICE),
        ).values_list("pk", flat=True)
    )
    if not (by.is_superuser or member_org_ids(by) & oversight):
        raise NotAllowed(
            _("Chỉ Thường trực, Văn phòng Đảng ủy hoặc quản trị viên đặt lịch báo cáo.")
        )
    if not (0 <= due_days <= 366 and 0 <= lock_days <= 366):
        raise TransitionError(_("Số ngày phải từ 0 đến 366."))
    schedule, _created = ExchangeSchedule.objects.update_or_create(
        ward=ward,
        defaults={"due_days": due_days, "lock_days": lock_days, "updated_by": by},
    )
    today = today or timezone.localdate()
    for round_ in ExchangeRound.objects.select_for_update().filter(
        ward=ward, kind__in=ExchangeRound.PERIODIC_KINDS, due_date__gte=today
    ):
        round_.due_date, round_.lock_date = due_and_lock(
            round_.period_end, due_days, lock_days
        )
        round_._history_user = by
        round_.save(update_fields=["due_date", "lock_date"])
    return schedule


# --- Notices ----------------------------------------------------------------------------


def _notify_author(report, event, by, headline, extra=None) -> None:
    _notify(
        report,
        event,
        org_leaders([report.organization_id], clearance=report.confidentiality),
        by,
        lambda: f"{report.round.label}: {headline()}",
        extra,
    )


def _notify(report, event: ExchangeEvent, users, by, headline, extra=None) -> None:
    """In-app notice and e-mail, in Vietnamese, never to the actor; a
    classified report only by its placeholder."""
    users = [u for u in {u.pk: u for u in users}.values() if u.pk != by.pk]
    if not users:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if report.is_classified:
            title = report.safe_title
            body = _("Có cập nhật về văn bản này. Xin đăng nhập để xem.")
        else:
            title = f"{report.title}: {headline()}"
            body = "\n".join(
                part for part in (headline(), extra() if extra else "") if part
            )
        notify(
            users=users,
            title=title,
            body=body,
            url=report.get_absolute_url(),
            dedup_key=f"exchange-event:{event.pk}",
        )
