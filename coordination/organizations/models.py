"""The organisation tree (ward or province), memberships and positions, and the
object permissions granted to organisation groups."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Organization(models.Model):
    """A party organisation: a tree rooted at the ward (or provincial) party
    committee. Every organisation owns one auth group; object permissions are
    granted to that group, and memberships put people in it."""

    class Kind(models.TextChoices):
        WARD_COMMITTEE = "ward_committee", _("Đảng bộ phường")
        PROVINCE_COMMITTEE = "province_committee", _("Đảng bộ tỉnh")
        STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
        OFFICE = "office", _("Văn phòng (bộ phận giúp việc)")
        POLICE_COMMITTEE = "police_committee", _("Đảng ủy Công an")
        CELL = "cell", _("Chi bộ")
        SUB_COMMITTEE = "sub_committee", _("Đảng bộ bộ phận")
        DISTRICT_COMMITTEE = "district_committee", _("Huyện ủy")
        CITY_COMMITTEE = "city_committee", _("Thành ủy")

    # Kinds on the "cells" side of a regulation (the counterpart of the police).
    CELL_SIDE_KINDS = (
        Kind.CELL,
        Kind.SUB_COMMITTEE,
        Kind.DISTRICT_COMMITTEE,
        Kind.CITY_COMMITTEE,
    )

    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind)
    code = models.SlugField(
        _("mã"), max_length=64, unique=True, help_text=_("Mã ngắn, không dấu, duy nhất")
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    email = models.EmailField(_("hộp thư"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    group = models.OneToOneField(
        Group,
        verbose_name=_("nhóm quyền"),
        on_delete=models.PROTECT,
        related_name="organization",
        editable=False,
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        """The tree has no cycle: an organisation is never under itself or
        under one of its own descendants."""
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Một tổ chức không thể trực thuộc chính nó.")}
            )
        seen: set[int] = set()
        parent_id = self.parent_id
        while parent_id is not None and parent_id not in seen:
            if self.pk is not None and parent_id == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "Không thể đặt tổ chức trực thuộc một tổ chức cấp dưới "
                            "của chính nó."
                        )
                    }
                )
            seen.add(parent_id)
            parent_id = (
                Organization.objects.filter(pk=parent_id)
                .values_list("parent_id", flat=True)
                .first()
            )

    def root(self) -> Organization:
        """The top of the tree; stops at a repeated node should the data ever
        hold a cycle (instead of looping forever)."""
        node, seen = self, {self.pk}
        while node.parent_id is not None and node.parent_id not in seen:
            node = node.parent
            seen.add(node.pk)
        return node


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, today: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships in force today. ``end_date`` is exclusive: a membership
        ended today no longer gives access today."""
        today = today or timezone.localdate()
        return self.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=today)
        )


class Membership(models.Model):
    """A person holding a position in an organisation for a time. Rows are
    never deleted: ending a membership sets ``end_date`` (history kept)."""

    class Position(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
        COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")
        MEMBER = "member", _("Đảng viên")
        STAFF = "staff", _("Cán bộ giúp việc")

    LEADERSHIP = (Position.SECRETARY, Position.DEPUTY_SECRETARY)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    position = models.CharField(_("chức vụ"), max_length=32, choices=Position)
    is_focal_point = models.BooleanField(
        _("đầu mối"),
        default=False,
        help_text=_("Mỗi tổ chức có nhiều nhất một đầu mối đang đảm nhiệm."),
    )
    government_post = models.CharField(
        _("chức vụ chính quyền"),
        max_length=255,
        blank=True,
        help_text=_(
            "Khi quy chế yêu cầu, ví dụ: Phó trưởng Công an phường; Chủ tịch UBND huyện."
        ),
    )
    start_date = models.DateField(_("từ ngày"), default=timezone.localdate)
    end_date = models.DateField(
        _("đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu đang đảm nhiệm. Từ ngày này không còn quyền."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chức vụ trong tổ chức")
        verbose_name_plural = _("chức vụ trong tổ chức")
        ordering = ["organization__name", "position", "start_date"]
        indexes = [models.Index(fields=["user", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
            # At most one focal point in office (no end date) per organisation;
            # the services also refuse dated focal points whose terms overlap.
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_focal_point=True, end_date__isnull=True),
                name="one_open_focal_point_per_organization",
                violation_error_message=_(
                    "Tổ chức này đã có đầu mối đang đảm nhiệm: kết thúc đầu mối cũ "
                    "trước khi giao đầu mối mới."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_position_display()}, {self.organization}"

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.start_date <= today and (
            self.end_date is None or self.end_date > today
        )


class Term(models.Model):
    """Nhiệm kỳ: the term of an organisation's committee (e.g. 2025–2030).
    Yearly periods, yearly reviews and the end-of-term review ("năm cuối
    nhiệm kỳ") are counted from it."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="terms",
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    name = models.CharField(
        _("tên nhiệm kỳ"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Nhiệm kỳ 2025–2030"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["organization__name", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")),
                name="term_end_after_start",
                violation_error_message=_("Năm kết thúc phải sau năm bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["organization", "start_year"], name="term_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.start_year}–{self.end_year}"

    def contains(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    def is_final_year(self, year: int) -> bool:
        return year == self.end_year


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên tổ chức")
        verbose_name_plural = _("quyền người dùng trên tổ chức")


class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên tổ chức")
        verbose_name_plural = _("quyền nhóm trên tổ chức")
