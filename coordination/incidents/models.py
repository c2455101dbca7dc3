"""Urgent situations (tình huống đột xuất, phức tạp), reported at once (ward
4.1.c, 4.2.b, 5.1.d, 5.2.c, 7.2.f, 3.5; province 3.5).

An ``Incident`` is reported by one organisation to its addressees (one
``IncidentAddressee`` row each, with when it was first opened and
acknowledged); updates, measures and the standing committee's direction are
``IncidentUpdate`` rows; a direction's "who does what by when" are
``ActionItem`` rows. State changes happen only in
``coordination.incidents.services``; every change writes an ``IncidentEvent``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ..confidentiality import Confidentiality
from ..confidentiality import safe_title as confidentiality_safe_title


class Incident(models.Model):
    class Kind(models.TextChoices):
        # ward 4.2.b, 5.2.c: to the standing committee and the police committee
        CELL_REPORT = "cell_report", _("Chi bộ, đảng bộ báo cáo tình huống phức tạp")
        # ward 4.1.c, 5.1.d, 3.5: to the ward committee and the cells concerned
        POLICE_REPORT = (
            "police_report",
            _("Đảng ủy Công an báo cáo, trao đổi tình huống"),
        )
        # ward 7.2.f: a cell to the police committee only
        OFFICER_CONDUCT = (
            "officer_conduct",
            _("Trao đổi về tư tưởng của cán bộ, chiến sĩ công an cư trú tại địa bàn"),
        )

    class Severity(models.IntegerChoices):
        COMPLEX = 1, _("Phức tạp")
        SERIOUS = 2, _("Nghiêm trọng")
        CRITICAL = 3, _("Đặc biệt nghiêm trọng")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        REPORTED = "reported", _("Đã báo cáo")
        DIRECTED = "directed", _("Đã có ý kiến chỉ đạo")
        CLOSED = "closed", _("Đã kết thúc")

    OPEN = (State.REPORTED, State.DIRECTED)

    reporter = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="reported_incidents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind)
    title = models.CharField(_("tóm tắt"), max_length=255)
    description = models.TextField(_("diễn biến"))
    place = models.CharField(_("địa điểm"), max_length=255)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    area = models.ForeignKey(
        "regulations.Area",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
    )
    severity = models.PositiveSmallIntegerField(
        _("mức độ"), choices=Severity, default=Severity.COMPLEX
    )
    measures_taken = models.TextField(_("biện pháp đã thực hiện"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Confidentiality, default=Confidentiality.NORMAL
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State, default=State.DRAFT
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    # The second notice to the standing committee when an addressee has not
    # acknowledged in time (sent once).
    escalated_at = models.DateTimeField(
        _("nhắc Thường trực lúc"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả xử lý"), blank=True)
    related_requests = models.ManyToManyField(
        "coordination.CoordinationRequest",
        verbose_name=_("đề nghị phối hợp liên quan"),
        blank=True,
        related_name="incidents",
    )
    related_exchanges = models.ManyToManyField(
        "coordination.ExchangeReport",
        verbose_name=_("báo cáo trao đổi liên quan"),
        blank=True,
        related_name="incidents",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tình huống đột xuất")
        verbose_name_plural = _("tình huống đột xuất")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "severity"]),
            models.Index(fields=["reporter", "state"]),
            models.Index(fields=["reporter", "reported_at"]),
        ]

    def __str__(self) -> str:
        return self.safe_title

    def get_absolute_url(self) -> str:
        return reverse("coordination:incident-detail", kwargs={"pk": self.pk})

    @property
    def is_classified(self) -> bool:
        return self.confidentiality > Confidentiality.NORMAL

    @property
    def safe_title(self) -> str:
        return confidentiality_safe_title(self.confidentiality, self.pk, self.title)


class IncidentAddressee(models.Model):
    """One organisation the incident is reported to."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="addressees"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_opened_at = models.DateTimeField(_("mở lần đầu lúc"), null=True, blank=True)
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đơn vị nhận báo cáo tình huống")
        verbose_name_plural = _("đơn vị nhận báo cáo tình huống")
        ordering = ["incident", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "organization"], name="incident_addressee_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.organization}"


class IncidentUpdate(models.Model):
    """A timed entry of the incident's timeline."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Cập nhật diễn biến")
        MEASURE = "measure", _("Biện pháp của Đảng ủy Công an")
        DIRECTION = "direction", _("Ý kiến chỉ đạo")

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
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
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diễn biến tình huống")
        verbose_name_plural = _("diễn biến tình huống")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%d/%m/%Y %H:%M}"


class ActionItem(models.Model):
    """Who must do what by when, from a direction; done or overdue, never erased."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="action_items"
    )
    direction = models.ForeignKey(
        IncidentUpdate,
        verbose_name=_("theo ý kiến chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="incident_action_items",
    )
    description = models.CharField(_("việc cần làm"), max_length=500)
    due_date = models.DateField(_("hạn"))
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo hoàn thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    done_note = models.TextField(_("kết quả"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc cần làm theo chỉ đạo")
        verbose_name_plural = _("việc cần làm theo chỉ đạo")
        ordering = ["due_date", "pk"]
        indexes = [
            # Open items by due date: overdue and due soon (dashboards, reminders).
            models.Index(
                fields=["due_date"],
                condition=models.Q(done_at__isnull=True),
                name="actionitem_open_due",
            )
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.done_at is None and self.due_date < today


class IncidentEvent(models.Model):
    """Append-only audit trail: one row per transition."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="events"
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
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị"),
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
        verbose_name = _("nhật ký tình huống")
        verbose_name_plural = _("nhật ký tình huống")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


def attachment_path(instance: IncidentAttachment, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"incidents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class IncidentAttachment(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="attachments"
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
        verbose_name = _("tệp đính kèm tình huống")
        verbose_name_plural = _("tệp đính kèm tình huống")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class IncidentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên tình huống")
        verbose_name_plural = _("quyền người dùng trên tình huống")


class IncidentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Incident, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên tình huống")
        verbose_name_plural = _("quyền nhóm trên tình huống")
