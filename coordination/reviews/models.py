"""Review meetings (họp rút kinh nghiệm, tổng kết, sơ kết; ward Điều 11–12,
province Điều 7–8).

A ``ReviewMeeting`` is hosted by a ward's police committee: planned, then
held once its minutes (biên bản) are recorded. The organisations invited
(``ReviewInvitation``) have their attendance recorded; the meeting assigns
``ReviewActionItem`` rows (owner organisation, due date — done or done late,
never erased). Changes happen only in ``coordination.reviews.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReviewMeeting(models.Model):
    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Họp rút kinh nghiệm hằng năm")
        END_OF_TERM = "end_of_term", _("Tổng kết")
        INTERIM = "interim", _("Sơ kết")

    class State(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã họp")

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="review_meetings",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
    year = models.PositiveSmallIntegerField(_("năm"))
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=255)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    provision = models.ForeignKey(
        "regulations.Provision",
        verbose_name=_("thực hiện điều khoản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agenda = models.TextField(_("chương trình"), blank=True)
    minutes = models.TextField(_("biên bản"), blank=True)
    decisions = models.TextField(_("kết luận"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=State, default=State.PLANNED
    )
    held_at = models.DateTimeField(_("ghi đã họp lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp đánh giá")
        verbose_name_plural = _("cuộc họp đánh giá")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return gettext("%(kind)s năm %(year)s") % {
            "kind": self.get_kind_display(),
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-detail", kwargs={"pk": self.pk})


class ReviewInvitation(models.Model):
    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="invitations"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị được mời"),
        on_delete=models.PROTECT,
        related_name="review_invitations",
    )
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được mời họp")
        verbose_name_plural = _("đơn vị được mời họp")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="review_invitation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class ReviewActionItem(models.Model):
    """Who must do what by when, from a review meeting; done or done late,
    never erased."""

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.CASCADE, related_name="action_items"
    )
    owner = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="review_action_items",
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
        verbose_name = _("việc cần làm sau họp đánh giá")
        verbose_name_plural = _("việc cần làm sau họp đánh giá")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=models.Q(done_at__isnull=True),
                name="reviewactionitem_open_due",
            )
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.done_at is None and self.due_date < today

    def done_late(self) -> bool:
        return (
            self.done_at is not None
            and timezone.localdate(self.done_at) > self.due_date
        )

    def status_label(self, today=None) -> str:
        if self.done_at is not None:
            return gettext("Trễ hạn") if self.done_late() else gettext("Đúng hạn")
        if self.is_overdue(today):
            return gettext("Quá hạn")
        return gettext("Chưa xong")


# Proposals (commendation, criticism, amendment) live in their own module.
from .conference.models import CitizenOpinion, ListeningConference  # noqa: E402, F401
from .festival.models import FestivalEntry, SecurityFestival  # noqa: E402, F401
from .proposals.models import (  # noqa: E402, F401
    AmendmentCompilation,
    AmendmentProposal,
    CommendationProposal,
    ProposalEvidence,
)
