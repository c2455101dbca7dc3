"""Periodic information exchanges (trao đổi thông tin định kỳ, ward Điều 10.1 /
province Điều 6.1).

A ward's ``ExchangeRound`` (H1, H2, the year, or an ad hoc round) creates one
``ExchangeReport`` owed by each organisation, in each direction: every cell /
đảng bộ reports to the police committee, and the police committee reports to
the cells (each cell acknowledges it). State changes happen only in
``coordination.exchanges.services``; every change writes an ``ExchangeEvent``.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ..confidentiality import Confidentiality
from ..confidentiality import safe_title as confidentiality_safe_title


class ExchangeSchedule(models.Model):
    """When a ward's reports are due and locked, in days after the end of the
    period (set by the standing committee or an administrator; without a row
    the defaults of ``settings.EXCHANGE_DUE_DAYS`` / ``EXCHANGE_LOCK_DAYS``)."""

    ward = models.OneToOneField(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.CASCADE,
        related_name="exchange_schedule",
    )
    due_days = models.PositiveSmallIntegerField(
        _("hạn nộp (số ngày sau khi hết kỳ)"),
        help_text=_("Ngày nghỉ thì hạn lùi sang ngày làm việc kế tiếp."),
    )
    lock_days = models.PositiveSmallIntegerField(
        _("khóa sổ (số ngày sau hạn nộp)"),
        help_text=_(
            "Sau ngày khóa sổ, báo cáo chưa nộp chỉ nộp được khi Thường trực hoặc "
            "Văn phòng mở lại."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lịch trao đổi thông tin")
        verbose_name_plural = _("lịch trao đổi thông tin")

    def __str__(self) -> str:
        return str(self.ward)


class ExchangeRound(models.Model):
    """Kỳ báo cáo: one period of a ward's exchange."""

    class Kind(models.TextChoices):
        H1 = "h1", _("6 tháng đầu năm")
        H2 = "h2", _("6 tháng cuối năm")
        YEAR = "year", _("Cả năm")
        AD_HOC = "ad_hoc", _("Đột xuất")

    PERIODIC_KINDS = (Kind.H1, Kind.H2, Kind.YEAR)

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="exchange_rounds",
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("quy chế áp dụng"),
        on_delete=models.PROTECT,
        related_name="exchange_rounds",
    )
    kind = models.CharField(_("loại kỳ"), max_length=8, choices=Kind)
    year = models.PositiveSmallIntegerField(_("năm"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    topic = models.CharField(_("chủ đề"), max_length=255, blank=True)
    organizations = models.ManyToManyField(
        "coordination.Organization",
        verbose_name=_("các chi, đảng bộ liên quan"),
        related_name="+",
        blank=True,
    )
    due_date = models.DateField(_("hạn nộp"))
    lock_date = models.DateField(_("ngày khóa sổ"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở kỳ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ trao đổi thông tin")
        verbose_name_plural = _("kỳ trao đổi thông tin")
        ordering = ["-period_end", "kind", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "kind", "year"],
                condition=~Q(kind="ad_hoc"),
                name="exchange_round_periodic_unique",
            ),
            models.CheckConstraint(
                condition=Q(lock_date__gte=models.F("due_date")),
                name="exchange_round_lock_after_due",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("coordination:exchange-round", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        if self.kind == self.Kind.AD_HOC:
            return gettext("Đột xuất %(date)s: %(topic)s") % {
                "date": self.period_start.strftime("%d/%m/%Y"),
                "topic": self.topic,
            }
        if self.kind == self.Kind.YEAR:
            return gettext("Năm %(year)s") % {"year": self.year}
        return f"{self.get_kind_display()} {self.year}"

    def is_locked(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.lock_date


def report_title(round_label: str, org_name: str) -> str:
    return gettext("Báo cáo %(round)s — %(org)s") % {
        "round": round_label,
        "org": org_name,
    }


class ExchangeReport(models.Model):
    """One report owed by one organisation in one round and direction."""

    class Direction(models.TextChoices):
        TO_POLICE = "to_police", _("Chi bộ, đảng bộ gửi Đảng ủy Công an")
        TO_CELLS = "to_cells", _("Đảng ủy Công an gửi các chi bộ, đảng bộ")

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa làm")
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Trả lại để sửa")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    # Still owed by its organisation (the reminders and dashboards count these).
    OWED = (State.NOT_STARTED, State.DRAFT, State.RETURNED)
    # Its author may still edit it.
    EDITABLE = (State.NOT_STARTED, State.DRAFT, State.RETURNED)
    # Its content is open to the counterpart and the oversight.
    SENT = (State.SUBMITTED, State.RETURNED, State.ACCEPTED)

    round = models.ForeignKey(
        ExchangeRound,
        verbose_name=_("kỳ"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="exchange_reports",
    )
    direction = models.CharField(_("chiều"), max_length=16, choices=Direction)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State, default=State.NOT_STARTED
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Confidentiality, default=Confidentiality.NORMAL
    )
    new_policies = models.TextField(
        _("chủ trương mới của cấp ủy cấp trên liên quan nội dung phối hợp"),
        blank=True,
    )
    results = models.TextField(_("kết quả phối hợp"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    completed_sections = models.JSONField(
        _("các phần đã xong"), default=list, blank=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    draft_saved_at = models.DateTimeField(_("lưu nháp lúc"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu nháp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(
        _("nộp lần đầu lúc"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # After the due date: stays on the record, even once accepted.
    submitted_late = models.BooleanField(_("nộp muộn"), default=False)
    submission = models.PositiveSmallIntegerField(_("lần nộp"), default=0)
    returned_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo trao đổi thông tin")
        verbose_name_plural = _("báo cáo trao đổi thông tin")
        ordering = ["round", "direction", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization", "direction"],
                name="exchange_report_unique",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["round", "state"]),
        ]

    def __str__(self) -> str:
        return self.safe_title

    def get_absolute_url(self) -> str:
        return reverse("coordination:exchange-detail", kwargs={"pk": self.pk})

    @property
    def is_classified(self) -> bool:
        return self.confidentiality > Confidentiality.NORMAL

    @property
    def title(self) -> str:
        return report_title(self.round.label, self.organization.name)

    @property
    def safe_title(self) -> str:
        """For notifications, e-mails and logs: a classified report is named
        by the same neutral placeholder as a classified request."""
        return confidentiality_safe_title(self.confidentiality, self.pk, self.title)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state in self.OWED and self.round.due_date < today


class ExchangeEntry(models.Model):
    """What was done for one duty of the regulation (the evidence the
    dashboards count per duty)."""

    report = models.ForeignKey(
        ExchangeReport, on_delete=models.CASCADE, related_name="entries"
    )
    responsibility = models.ForeignKey(
        "regulations.Responsibility",
        verbose_name=_("trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="exchange_entries",
    )
    text = models.TextField(_("kết quả thực hiện"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả theo trách nhiệm")
        verbose_name_plural = _("kết quả theo trách nhiệm")
        ordering = ["report", "responsibility__provision__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "responsibility"], name="exchange_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} — {self.responsibility_id}"


class ExchangeAcknowledgement(models.Model):
    """A cell's acknowledgement of the police committee's report (one per
    submission: a corrected report is acknowledged again)."""

    report = models.ForeignKey(
        ExchangeReport, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission = models.PositiveSmallIntegerField(_("lần nộp"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("xác nhận đã nhận báo cáo")
        verbose_name_plural = _("xác nhận đã nhận báo cáo")
        ordering = ["acknowledged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organization", "submission"],
                name="exchange_ack_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.acknowledged_at:%d/%m/%Y}"


class ExchangeEvent(models.Model):
    """Append-only audit trail: one row per transition."""

    report = models.ForeignKey(
        ExchangeReport, on_delete=models.CASCADE, related_name="events"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=16)
    comment = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("diễn biến báo cáo")
        verbose_name_plural = _("diễn biến báo cáo")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def state_change(self) -> str:
        if not self.from_state or self.from_state == self.to_state:
            return ""
        labels = ExchangeReport.State
        return f"{labels(self.from_state).label} → {labels(self.to_state).label}"


def attachment_path(instance: ExchangeAttachment, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"exchanges/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ExchangeAttachment(models.Model):
    report = models.ForeignKey(
        ExchangeReport, on_delete=models.CASCADE, related_name="attachments"
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
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ExchangeReportUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(ExchangeReport, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên báo cáo")
        verbose_name_plural = _("quyền người dùng trên báo cáo")


class ExchangeReportGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ExchangeReport, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên báo cáo")
        verbose_name_plural = _("quyền nhóm trên báo cáo")
