"""The yearly conference "Công an lắng nghe ý kiến Nhân dân" (ward 7.1.c,
7.2.e): the police committee records the opinions raised by agencies,
organisations and citizens, each assigned to an organisation of the ward and
tracked to an answer (on time or late, never erased). Changes happen only in
``services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ListeningConference(models.Model):
    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="listening_conferences",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=255)
    summary = models.TextField(_("tóm tắt hội nghị"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội nghị Công an lắng nghe ý kiến Nhân dân")
        verbose_name_plural = _("hội nghị Công an lắng nghe ý kiến Nhân dân")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return gettext("Hội nghị “Công an lắng nghe ý kiến Nhân dân” năm %(year)s") % {
            "year": self.year
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-conference-detail", kwargs={"pk": self.pk})


class CitizenOpinion(models.Model):
    conference = models.ForeignKey(
        ListeningConference, on_delete=models.CASCADE, related_name="opinions"
    )
    raised_by = models.CharField(_("người, tổ chức nêu ý kiến"), max_length=255)
    content = models.TextField(_("ý kiến"))
    assignee = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị giải quyết"),
        on_delete=models.PROTECT,
        related_name="citizen_opinions",
    )
    due_date = models.DateField(_("hạn trả lời"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến tại hội nghị")
        verbose_name_plural = _("ý kiến tại hội nghị")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.content[:80]

    def status_label(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.answered_at is not None:
            late = timezone.localdate(self.answered_at) > self.due_date
            return gettext("Trả lời trễ hạn") if late else gettext("Đã trả lời")
        if self.due_date < today:
            return gettext("Quá hạn")
        return gettext("Chưa trả lời")
