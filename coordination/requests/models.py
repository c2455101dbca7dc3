"""Coordination requests (đề nghị phối hợp, ward Điều 10.2 / province Điều 6.2).

A request goes from one organisation to one or more; each recipient has its own
``RequestRecipient`` row with its own state. State changes happen only in
``coordination.requests.services`` and
``coordination.requests.transitions``; every change writes a ``RequestEvent``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from regulations.text import exact_key, search_key

from ..confidentiality import Confidentiality
from ..confidentiality import safe_title as confidentiality_safe_title


class CoordinationRequest(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Trao đổi thông tin")
        PROPOSAL = "proposal", _("Đề nghị bằng văn bản")
        DOCUMENT = "document", _("Gửi tài liệu")
        NOTICE = "notice", _("Thông báo (không cần trả lời)")

    # Kinds that inform the other side: no answer, no deadline, never overdue.
    ONE_WAY_KINDS = (Kind.NOTICE,)

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Thường")
        IMPORTANT = "important", _("Quan trọng, phức tạp")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        OPEN = "open", _("Đang xử lý")
        WITHDRAWN = "withdrawn", _("Đã rút")
        CLOSED = "closed", _("Đã kết thúc")

    sender = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="sent_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("trích yếu"), max_length=255)
    content = models.TextField(_("nội dung"))
    provisions = models.ManyToManyField(
        "regulations.Provision",
        verbose_name=_("căn cứ điều khoản"),
        blank=True,
        related_name="coordination_requests",
    )
    area = models.ForeignKey(
        "regulations.Area",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_requests",
    )
    kind = models.CharField(
        pgettext_lazy("request kind", "hình thức"),
        max_length=16,
        choices=Kind,
        default=Kind.PROPOSAL,
    )
    priority = models.CharField(
        _("mức độ"), max_length=16, choices=Priority, default=Priority.NORMAL
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Confidentiality, default=Confidentiality.NORMAL
    )
    response_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=5
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # Subject and content as searched (``regulations.text``), the same on every
    # database: lower-cased NFC with diacritics, and folded without them.
    search_exact = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_exact", "search_text"])

    class Meta:
        verbose_name = _("đề nghị phối hợp")
        verbose_name_plural = _("đề nghị phối hợp")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["sender", "status"]),
            models.Index(fields=["confidentiality"]),
            # The dashboards' period filter (requests a ward's organisations sent).
            models.Index(fields=["sender", "sent_at"]),
        ]

    def __str__(self) -> str:
        return self.safe_title

    def get_absolute_url(self) -> str:
        return reverse("coordination:request-detail", kwargs={"pk": self.pk})

    def set_search_keys(self) -> None:
        """Fill the search fields from subject and content (call before save)."""
        self.search_exact = exact_key(self.subject, self.content)
        self.search_text = search_key(self.subject, self.content)

    @property
    def is_classified(self) -> bool:
        return self.confidentiality > Confidentiality.NORMAL

    @property
    def safe_title(self) -> str:
        """A title safe for notifications, e-mails and logs: classified
        requests show a neutral placeholder, never their subject."""
        return confidentiality_safe_title(self.confidentiality, self.pk, self.subject)

    @property
    def reference(self) -> str:
        return f"#{self.pk}"


class RequestRecipient(models.Model):
    """One recipient organisation of a request, with its own state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã gửi")
        RECEIVED = "received", _("Đã tiếp nhận")
        ANSWERED = "answered", _("Đã trả lời")
        MEETING_SCHEDULED = "meeting_scheduled", _("Đã hẹn họp làm việc")
        AGREED = "agreed", _("Đã thống nhất")
        NOT_AGREED = "not_agreed", _("Chưa thống nhất")
        ESCALATED = "escalated", _("Đã báo cáo Thường trực")
        DIRECTED = "directed", _("Đã có ý kiến chỉ đạo")
        CLOSED = "closed", _("Đã kết thúc")
        WITHDRAWN = "withdrawn", _("Đã rút")
        RETURNED = "returned", _("Trả lại (chưa đủ thông tin)")

    # Waiting for the recipient's answer: these count for "overdue".
    AWAITING_ANSWER = (State.SENT, State.RECEIVED)
    # Finished; a request whose recipients are all finished is closed. A
    # returned request waits for the sender (resend, close or withdraw).
    TERMINAL = (State.CLOSED, State.WITHDRAWN)

    request = models.ForeignKey(
        CoordinationRequest,
        verbose_name=_("đề nghị"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị nhận"),
        on_delete=models.PROTECT,
        related_name="received_requests",
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State, default=State.DRAFT
    )
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    sender_position = models.TextField(_("ý kiến bên đề nghị"), blank=True)
    recipient_position = models.TextField(_("ý kiến bên nhận"), blank=True)
    # True while a side's text is only the other side's summary of it.
    sender_position_is_summary = models.BooleanField(
        _("ý kiến bên đề nghị do bên kia tóm tắt"), default=False
    )
    recipient_position_is_summary = models.BooleanField(
        _("ý kiến bên nhận do bên kia tóm tắt"), default=False
    )
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đọc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_draft = models.TextField(_("dự thảo trả lời"), blank=True)
    answer_draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn dự thảo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_draft_at = models.DateTimeField(_("soạn dự thảo lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị nhận đề nghị")
        verbose_name_plural = _("đơn vị nhận đề nghị")
        ordering = ["request", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organization"], name="request_recipient_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "state", "due_date"]),
            # Overdue and due-soon across organisations (dashboards, reminders).
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.request.safe_title} → {self.organization}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.state in self.AWAITING_ANSWER
            and self.due_date is not None
            and self.due_date < today
        )


class RequestEvent(models.Model):
    """Append-only audit trail: one row per transition."""

    request = models.ForeignKey(
        CoordinationRequest, on_delete=models.CASCADE, related_name="events"
    )
    recipient = models.ForeignKey(
        RequestRecipient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20)
    comment = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("diễn biến đề nghị")
        verbose_name_plural = _("diễn biến đề nghị")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    def _state_label(self, value: str) -> str:
        states = (
            RequestRecipient.State if self.recipient_id else CoordinationRequest.Status
        )
        try:
            return states(value).label
        except ValueError:
            return value

    @property
    def state_change(self) -> str:
        """ "Đã gửi → Đã tiếp nhận" for the timeline; empty when the state stays."""
        if not self.from_state or self.from_state == self.to_state:
            return ""
        return (
            f"{self._state_label(self.from_state)} → {self._state_label(self.to_state)}"
        )


class RequestAnswer(models.Model):
    """A message in the thread of one recipient: the answer, and further
    replies from either side."""

    recipient = models.ForeignKey(
        RequestRecipient, on_delete=models.CASCADE, related_name="answers"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("nội dung trả lời"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trả lời đề nghị")
        verbose_name_plural = _("trả lời đề nghị")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organization} — {self.created_at:%d/%m/%Y}"


class WorkingMeeting(models.Model):
    """Working meeting (họp làm việc) on an important/complex request."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chưa họp")
        AGREED = "agreed", _("Thống nhất")
        NOT_AGREED = "not_agreed", _("Không thống nhất")

    recipient = models.ForeignKey(
        RequestRecipient, on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("thời gian họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    sender_participants = models.TextField(_("thành phần bên đề nghị"))
    recipient_participants = models.TextField(_("thành phần bên nhận"))
    minutes = models.TextField(_("biên bản"), blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=16, choices=Outcome, default=Outcome.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp làm việc")
        verbose_name_plural = _("cuộc họp làm việc")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M} — {self.place}"


class Direction(models.Model):
    """Ý kiến chỉ đạo of the standing committee on an escalated request."""

    recipient = models.OneToOneField(
        RequestRecipient, on_delete=models.CASCADE, related_name="direction"
    )
    text = models.TextField(_("ý kiến chỉ đạo"))
    proceed_reason = models.TextField(
        _("lý do chỉ đạo khi chưa đủ ý kiến hai bên"), blank=True
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")

    def __str__(self) -> str:
        return f"{self.recipient} — {self.created_at:%d/%m/%Y}"


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    """A generated name under MEDIA_ROOT; the user's file name is kept only in
    the database (``original_name``) and never touches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"requests/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(
        CoordinationRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    answer = models.ForeignKey(
        RequestAnswer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AttachmentAccessLog(models.Model):
    """Who opened which classified file, when (DESIGN §5)."""

    attachment = models.ForeignKey(
        RequestAttachment, on_delete=models.CASCADE, related_name="access_logs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accessed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký tải tệp mật")
        verbose_name_plural = _("nhật ký tải tệp mật")
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.attachment_id} — {self.accessed_at:%d/%m/%Y %H:%M}"


class CoordinationRequestUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên đề nghị")
        verbose_name_plural = _("quyền người dùng trên đề nghị")


class CoordinationRequestGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên đề nghị")
        verbose_name_plural = _("quyền nhóm trên đề nghị")


OPEN_RECIPIENT_Q = ~Q(state__in=RequestRecipient.TERMINAL)
