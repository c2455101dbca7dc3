"""The cells' assessments of police work (nhận xét, đánh giá; ward 4.2.c,
5.2.d, 6.2.b).

An ``Assessment`` is one cell's rating, per area, of the police's work in its
area (``AssessmentLine``), at any time and at least once per six-monthly
round; the police committee's leaders reply. An ``OfficerComment`` is a
cell's comment on a named police officer living in its area — personal data:
read only by the cell's leaders, the police committee's secretary and
deputies and the standing committee, never by the officer, and every opening
is logged (``OfficerCommentAccess``). Changes happen only in
``coordination.assessments.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class RatingLevel(models.Model):
    """A rating (tốt / khá / trung bình / yếu); administrators rename or add
    levels in the admin. Higher ``value`` is better."""

    value = models.PositiveSmallIntegerField(_("giá trị"), unique=True)
    label = models.CharField(_("tên mức"), max_length=64)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức đánh giá")
        verbose_name_plural = _("mức đánh giá")
        ordering = ["-value"]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    cell = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("chi bộ, đảng bộ"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    police = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("Đảng ủy Công an"),
        on_delete=models.PROTECT,
        related_name="received_assessments",
    )
    round = models.ForeignKey(
        "coordination.ExchangeRound",
        verbose_name=_("kỳ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("nhận xét chung"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    reply = models.TextField(_("ý kiến của Đảng ủy Công an"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhận xét, đánh giá công tác công an")
        verbose_name_plural = _("nhận xét, đánh giá công tác công an")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cell", "round"])]

    def __str__(self) -> str:
        return gettext("Nhận xét của %(cell)s, %(date)s") % {
            "cell": self.cell.name,
            "date": timezone.localtime(self.created_at).strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:assessment-detail", kwargs={"pk": self.pk})


class AssessmentLine(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="lines"
    )
    area = models.ForeignKey(
        "regulations.Area",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating = models.ForeignKey(
        RatingLevel,
        verbose_name=_("mức đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("đánh giá theo lĩnh vực")
        verbose_name_plural = _("đánh giá theo lĩnh vực")
        ordering = ["assessment", "area__order", "area__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="assessment_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.rating}"


class OfficerComment(models.Model):
    cell = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("chi bộ, đảng bộ"),
        on_delete=models.PROTECT,
        related_name="officer_comments",
    )
    officer = models.ForeignKey(
        "coordination.Membership",
        verbose_name=_("cán bộ, chiến sĩ công an"),
        on_delete=models.PROTECT,
        related_name="comments_about",
    )
    text = models.TextField(_("nhận xét"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("nhận xét cán bộ công an cư trú")
        verbose_name_plural = _("nhận xét cán bộ công an cư trú")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return gettext("Nhận xét #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("coordination:officer-comment-detail", kwargs={"pk": self.pk})


class OfficerCommentAccess(models.Model):
    """Who opened which officer comment, when (every opening)."""

    comment = models.ForeignKey(
        OfficerComment, on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accessed_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký xem nhận xét cán bộ")
        verbose_name_plural = _("nhật ký xem nhận xét cán bộ")
        ordering = ["-accessed_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.comment_id} — {self.accessed_at:%d/%m/%Y %H:%M}"


class AssessmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Assessment, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên nhận xét")
        verbose_name_plural = _("quyền người dùng trên nhận xét")


class AssessmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Assessment, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên nhận xét")
        verbose_name_plural = _("quyền nhóm trên nhận xét")


class OfficerCommentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(OfficerComment, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền người dùng trên nhận xét cán bộ")
        verbose_name_plural = _("quyền người dùng trên nhận xét cán bộ")


class OfficerCommentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(OfficerComment, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("quyền nhóm trên nhận xét cán bộ")
        verbose_name_plural = _("quyền nhóm trên nhận xét cán bộ")
