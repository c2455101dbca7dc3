"""The yearly "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" (19/8; ward 7.1.c,
7.2.e, 8.1.a, 8.2.b): the police committee records the ward's festival
(year, date, place, notes) and each organisation of the ward records what it
did for it (``FestivalEntry``: one per organisation, participants optional).
Changes happen only in ``services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SecurityFestival(models.Model):
    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="security_festivals",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=255)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ngày hội toàn dân bảo vệ an ninh Tổ quốc")
        verbose_name_plural = _("Ngày hội toàn dân bảo vệ an ninh Tổ quốc")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year"], name="security_festival_ward_year_unique"
            )
        ]

    def __str__(self) -> str:
        return gettext("Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm %(year)s") % {
            "year": self.year
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-festival-detail", kwargs={"pk": self.pk})


class FestivalEntry(models.Model):
    """What one organisation of the ward did for the festival."""

    festival = models.ForeignKey(
        SecurityFestival, on_delete=models.CASCADE, related_name="entries"
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="festival_entries",
    )
    activities = models.TextField(_("hoạt động đã thực hiện"))
    participants = models.PositiveIntegerField(
        _("số người tham gia"), null=True, blank=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả tham gia Ngày hội")
        verbose_name_plural = _("kết quả tham gia Ngày hội")
        ordering = ["organization__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["festival", "organization"],
                name="festival_entry_unique",
            )
        ]

    def __str__(self) -> str:
        return self.organization.name
