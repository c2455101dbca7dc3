"""The regulation as data: a versioned document whose provisions form one tree.

Other objects cite provisions by foreign key (``on_delete=PROTECT``) to the exact
version they were made under; ``Provision.ref`` is stable across versions, so the
same clause in version 2 has the same ``ref`` as in version 1.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Area(models.Model):
    """One of the six areas (lĩnh vực) duties are grouped in."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=64, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Regulation(models.Model):
    class Level(models.TextChoices):
        WARD = "ward", _("Cấp phường, xã")
        PROVINCE = "province", _("Cấp tỉnh, thành phố")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        IN_FORCE = "in_force", _("Đang có hiệu lực")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    code = models.SlugField(
        _("mã quy chế"),
        max_length=64,
        help_text=_("Giống nhau giữa các phiên bản của cùng một quy chế"),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("thay thế phiên bản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    title = models.TextField(_("tên quy chế"))
    level = models.CharField(_("cấp"), max_length=16, choices=Level, default=Level.WARD)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status, default=Status.DRAFT
    )
    decision_number = models.CharField(
        _("số quyết định"), max_length=64, blank=True, help_text=_("Ví dụ: 810-QĐ/TU")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_date_text = models.CharField(
        _("ngày quyết định (như văn bản)"), max_length=128, blank=True
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    attached_date = models.DateField(
        _("ngày của quy chế kèm theo"), null=True, blank=True
    )
    effective_date = models.DateField(
        _("ngày có hiệu lực"),
        null=True,
        blank=True,
        help_text=_(
            "Quyết định ghi “có hiệu lực từ ngày ký”; khi văn bản để trống ngày, quản "
            "trị viên nhập ngày này."
        ),
    )
    joint_escalation_report = models.BooleanField(
        _("hai bên đồng báo cáo khi chưa thống nhất"),
        default=False,
        help_text=_(
            "Quy chế cấp tỉnh: Thường trực chỉ cho ý kiến chỉ đạo khi đã có ý kiến của "
            "cả hai bên, trừ khi ghi rõ lý do."
        ),
    )
    supervising_body = models.CharField(
        _("cơ quan giám sát"), max_length=255, blank=True
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("tổ chức chủ quản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regulations",
        help_text=_(
            "Đảng bộ ban hành và giám sát quy chế; chỉ Ban Thường vụ, Thường trực "
            "của đảng bộ này (hoặc cấp trên) mới phê duyệt được phiên bản mới"
        ),
    )
    document_type = models.CharField(
        _("loại văn bản ban hành"),
        max_length=32,
        blank=True,
        help_text=_(
            "Như ghi ở trang đầu: QUYẾT ĐỊNH khi quy chế kèm theo một quyết định; "
            "QUY ĐỊNH, QUY CHẾ, HƯỚNG DẪN … khi văn bản được ban hành trực tiếp"
        ),
    )
    letterhead_body = models.CharField(
        _("cơ quan ban hành (tiêu đề văn bản)"),
        max_length=255,
        blank=True,
        help_text=_("Như ghi ở góc trái trang đầu; cơ quan cấp trên ở dòng trên"),
    )
    decision_title = models.TextField(_("trích yếu quyết định"), blank=True)
    decision_preamble = models.JSONField(_("căn cứ ban hành"), default=list, blank=True)
    decision_articles = models.JSONField(
        _("các điều của quyết định"),
        default=list,
        blank=True,
        help_text=_("Danh sách {label, text}, như văn bản"),
    )
    decision_recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    source_name = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    source_hash = models.CharField(
        _("mã băm dữ liệu nạp"), max_length=64, blank=True, editable=False
    )
    loaded_from_data = models.BooleanField(
        _("nạp từ tệp dữ liệu"),
        default=False,
        editable=False,
        help_text=_(
            "Phiên bản do load_regulations tạo từ regulations/data; chỉ những phiên "
            "bản này mới được load_regulations cập nhật"
        ),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy chế phối hợp")
        verbose_name_plural = _("quy chế phối hợp")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="regulation_code_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="in_force"),
                name="regulation_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title[:80]} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse(
            "regulations:regulation-detail",
            kwargs={"code": self.code, "version": self.version},
        )

    @property
    def short_name(self) -> str:
        """The decision number when it has one ("810-QĐ/TU"), else the code."""
        if any(char.isdigit() for char in self.decision_number):
            return self.decision_number
        return self.code

    @property
    def is_editable(self) -> bool:
        """Only a draft is edited; a version once in force is read-only forever,
        so whatever cites it keeps citing the same words."""
        return self.status == self.Status.DRAFT


class Side(models.Model):
    """A side of the regulation (e.g. the police committee, or the cells)."""

    class Role(models.TextChoices):
        POLICE = "police", _("Đảng ủy Công an")
        CELLS = "cells", _("Các chi, đảng bộ / huyện ủy, thành ủy")
        SUPERVISOR = "supervisor", _("Cơ quan chỉ đạo, giám sát")

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="sides"
    )
    code = models.SlugField(_("mã"), max_length=32)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role)
    name = models.CharField(_("tên"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bên")
        verbose_name_plural = _("các bên")
        ordering = ["regulation", "id"]  # as the regulation lists them
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "code"], name="side_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Provision(models.Model):
    class Kind(models.TextChoices):
        PART = "part", _("Phần")
        CHAPTER = "chapter", _("Chương")
        ARTICLE = "article", _("Điều")
        CLAUSE = "clause", _("Khoản")
        POINT = "point", _("Điểm")

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="provisions"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
    ref = models.CharField(
        _("mã tham chiếu"),
        max_length=64,
        help_text=_("Ổn định qua các phiên bản, ví dụ d5-k1-a"),
    )
    label = models.CharField(_("ký hiệu"), max_length=64, blank=True)
    title = models.TextField(_("tiêu đề"), blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    search_text = models.TextField(
        _("nội dung không dấu (để tìm kiếm)"), blank=True, editable=False
    )
    search_exact = models.TextField(
        _("nội dung chữ thường có dấu (để tìm kiếm có dấu)"),
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điều khoản")
        verbose_name_plural = _("điều khoản")
        ordering = ["regulation", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "ref"], name="provision_ref_unique"
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.label, self.title) if part) or self.ref

    def get_absolute_url(self) -> str:
        return reverse(
            "regulations:provision",
            kwargs={
                "code": self.regulation.code,
                "version": self.regulation.version,
                "ref": self.ref,
            },
        )

    def citation(self) -> str:
        """How a document cites this provision: "điểm a khoản 1 Điều 5",
        "gạch đầu dòng thứ 2 khoản 1 Điều 4", "Chương II". Articles are numbered
        through the whole regulation, so the chain stops at the article."""
        parts, node = [], self
        while node is not None:
            parts.append(node._citation_part())
            if node.kind in (self.Kind.ARTICLE, self.Kind.CHAPTER, self.Kind.PART):
                break
            node = node.parent
        return " ".join(parts)

    def _citation_part(self) -> str:
        number = self.label.strip().rstrip(".)-–").strip()
        if self.kind == self.Kind.POINT and not number:
            position = re.search(r"-g(\d+)$", self.ref)
            return _("gạch đầu dòng thứ %(n)s") % {
                "n": position[1] if position else "?"
            }
        if self.kind == self.Kind.POINT:
            return _("điểm %(n)s") % {"n": number}
        if self.kind == self.Kind.CLAUSE:
            return _("khoản %(n)s") % {"n": number}
        return self.label


class Responsibility(models.Model):
    class Mode(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATE = "coordinate", _("Phối hợp")

    class Cadence(models.TextChoices):
        CONTINUOUS = "continuous", _("Thường xuyên")
        SIX_MONTHLY = "six_monthly", _("6 tháng")
        YEARLY = "yearly", _("Hằng năm")
        END_OF_TERM = "end_of_term", _("Cuối nhiệm kỳ")
        ON_EVENT = "on_event", _("Khi phát sinh")
        AT_ONCE = "at_once", _("Ngay")

    provision = models.ForeignKey(
        Provision,
        verbose_name=_("điều khoản"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    side = models.ForeignKey(
        Side,
        verbose_name=_("bên"),
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    mode = models.CharField(_("hình thức"), max_length=16, choices=Mode)
    area = models.ForeignKey(
        Area,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
    )
    cadence = models.CharField(
        _("tần suất"), max_length=16, choices=Cadence, default=Cadence.CONTINUOUS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = _("trách nhiệm")
        ordering = ["provision__order", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "side", "mode", "area", "cadence"],
                name="responsibility_unique",
            ),
            # NULLs are distinct in a unique index: a duty outside the six
            # areas needs its own (portable, unlike nulls_distinct on SQLite).
            models.UniqueConstraint(
                fields=["provision", "side", "mode", "cadence"],
                condition=Q(area__isnull=True),
                name="responsibility_unique_without_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} — {self.get_mode_display()}: {self.provision}"
