"""Signing and reopening the police committee's report on the regulation's
implementation.

``sign_report``: the ward police committee's secretary signs; the draft is
locked, a number is taken from the outgoing register, the PDF is rendered
with that number in its header and archived (bytes and SHA-256, never
changed), the draft becomes final; after commit the ward's standing committee
and office are told, with a link to the archive entry. Everything happens in
one transaction: a failed render takes no number and archives nothing.

``reopen_report``: the report's editors reopen a signed report for changes;
its archived versions stay as issued, the next signing takes a new number and
archives the next version.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from coordination.notifications.services import notify
from coordination.organizations.models import Membership, Organization

from . import result_report
from .documents import local_date
from .models import ArchivedDocument, DocumentType, ReportDraft
from .register import take_number
from .visibility import editor_ward_ids, signer_ward_ids

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """Refused, with a Vietnamese message."""


class ReportConflict(ReportError):
    """Someone else changed the report first (signed or reopened it)."""


def _lock(draft: ReportDraft) -> ReportDraft:
    return (
        ReportDraft.objects.select_for_update(of=("self",))
        .select_related("ward", "round")
        .get(pk=draft.pk)
    )


def _render(doc) -> bytes:
    """The PDF; a failed render refuses the signing (the transaction rolls
    back: no number taken, nothing archived)."""
    from .pdf import render_pdf  # WeasyPrint is heavy: only when signing

    try:
        return render_pdf(doc)
    except Exception as exc:
        logger.exception("report_sign_render_failed")
        raise ReportError(
            _("Không tạo được bản PDF để ký; chưa cấp số. Xin thử lại sau.")
        ) from exc


@transaction.atomic
def sign_report(*, draft: ReportDraft, by: User) -> ArchivedDocument:
    """Sign the draft: number, PDF, archive, final; returns the archived
    version."""
    if draft.ward_id not in signer_ward_ids(by):
        raise ReportError(_("Chỉ Bí thư Đảng ủy Công an phường mới ký báo cáo này."))
    draft = _lock(draft)
    if draft.is_final:
        raise ReportConflict(_("Báo cáo đã được ký, không ký lại được."))
    now = timezone.now()
    draft.status = ReportDraft.Status.FINAL
    draft.signed_by, draft.signed_at, draft.updated_by = by, now, by
    doc = result_report.result_report_document(by, draft)
    police = result_report.police_of(draft.ward) or draft.ward
    entry = take_number(
        organization=police,
        type_code=DocumentType.BC,
        subject=doc.title or doc.subject,
        signer=by,
        date=local_date(now),
    )
    doc.number = entry.number
    doc.date = entry.date
    archived = ArchivedDocument(
        draft=draft,
        version=draft.version,
        content=_render(doc),
        filename=f"{entry.number}-bc-{entry.year}-v{draft.version}.pdf",
        created_by=by,
    )
    archived.save()
    entry.document = archived
    entry.save(update_fields=["document"])
    draft.save()
    _tell_oversight(draft, archived, by)
    return archived


@transaction.atomic
def reopen_report(*, draft: ReportDraft, by: User) -> ReportDraft:
    """Back to a draft for a new version; the archived versions stay."""
    if draft.ward_id not in editor_ward_ids(by):
        raise ReportError(
            _(
                "Chỉ Bí thư, Phó Bí thư hoặc bộ phận giúp việc Đảng ủy Công an "
                "phường mới mở phiên bản mới."
            )
        )
    draft = _lock(draft)
    if not draft.is_final:
        raise ReportConflict(_("Báo cáo đang là dự thảo, chưa ký."))
    draft.status = ReportDraft.Status.DRAFT
    draft.version += 1
    draft.signed_by = draft.signed_at = None
    draft.updated_by = by
    draft.save()
    return draft


def _oversight_users(ward_id: int, executive: bool = False) -> list[User]:
    """The ward's standing committee members and office staff now; with
    ``executive``, its executive committee's members too (the end-of-term
    report's addressees, ward Điều 11.2)."""
    oversight = Q(
        organization__parent_id=ward_id,
        organization__kind__in=(
            Organization.Kind.STANDING_COMMITTEE,
            Organization.Kind.OFFICE,
        ),
    )
    if executive:
        oversight |= Q(
            organization_id=ward_id,
            organization__kind=Organization.Kind.WARD_COMMITTEE,
        )
    ids = (
        Membership.objects.current()
        .filter(oversight, organization__is_active=True)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _tell_oversight(draft: ReportDraft, archived: ArchivedDocument, by: User) -> None:
    """In-app notices and e-mails in Vietnamese, after commit."""
    users = [
        u
        for u in _oversight_users(draft.ward_id, executive=draft.term_id is not None)
        if u.pk != by.pk
    ]
    if not users:
        return
    url = archived.get_absolute_url()
    symbol = archived.register_entry.symbol

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Đảng ủy Công an phường đã ban hành Báo cáo số %(symbol)s về "
                "kết quả thực hiện Quy chế phối hợp (%(period)s)"
            ) % {"symbol": symbol, "period": draft.label}
            notify(
                users=users,
                title=text,
                body=text,
                url=url,
                dedup_key=f"report-signed:{archived.pk}",
            )

    transaction.on_commit(send)
