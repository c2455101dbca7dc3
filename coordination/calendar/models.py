"""The regulation's calendar (lịch thực hiện Quy chế).

The dated yearly duties of the regulation in force for a ward — the 19/8
festival, the yearly "Công an lắng nghe ý kiến Nhân dân" conference, the yearly
review, the quality rating, the budget plan — and, in the last year of the
ward's term, the end-of-term review become ``CalendarEntry`` rows, one per
ward, year and provision, read from the regulation's data (cadence *yearly* /
*end of term*), never from code. A date the provision names ("19/8 hằng
năm") is proposed; the ward's standing committee or office confirms or moves
it (``coordination.calendar.services.confirm_entry``).

``CalendarFeedToken`` is a user's secret for the iCalendar feed that office
calendar programs subscribe to without logging in.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CalendarEntry(models.Model):
    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Hằng năm")
        END_OF_TERM = "end_of_term", _("Cuối nhiệm kỳ")

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="calendar_entries",
        limit_choices_to={"parent__isnull": True},
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    provision = models.ForeignKey(
        "regulations.Provision",
        verbose_name=_("điều khoản"),
        on_delete=models.PROTECT,
        related_name="calendar_entries",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind, default=Kind.YEARLY)
    title = models.CharField(_("việc cần làm"), max_length=255)
    proposed_date = models.DateField(
        _("ngày theo quy chế"),
        null=True,
        blank=True,
        help_text=_("Ngày quy chế ghi (ví dụ 19/8); để trống khi quy chế không ghi."),
    )
    confirmed_date = models.DateField(_("ngày đã chốt"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chốt ngày"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc trong lịch quy chế")
        verbose_name_plural = _("lịch thực hiện quy chế")
        ordering = ["year", "ward", "provision__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year", "provision"], name="calendar_entry_unique"
            )
        ]
        indexes = [models.Index(fields=["ward", "year"])]

    def __str__(self) -> str:
        return f"{self.year} — {self.title}"

    @property
    def date(self) -> datetime.date | None:
        """The day it happens: the confirmed date, else the proposed one."""
        return self.confirmed_date or self.proposed_date

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_date is not None


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's feed URL (``/lich/ical/<token>.ics``); made anew
    on "Tạo lại liên kết", which ends the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
    )
    token = models.CharField(
        _("mã bí mật"), max_length=64, unique=True, default=new_feed_token
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("liên kết lịch cá nhân")
        verbose_name_plural = _("liên kết lịch cá nhân")

    def __str__(self) -> str:
        return str(self.user)
