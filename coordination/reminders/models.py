"""Deadline reminders: the ladder of stages per kind of obligation (data that
administrators change), one row per (item, stage, occurrence, person) sent —
unique in the database, so a retried sweep, two beats or a killed worker never
remind twice — and each user's choice of e-mail per kind."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REQUEST = "request", _("Đề nghị phối hợp chờ trả lời")
    EXCHANGE = "exchange", _("Báo cáo trao đổi thông tin định kỳ")
    EXCHANGE_MISSING = "exchange_missing", _("Danh sách đơn vị chưa nộp báo cáo")
    ACTION_ITEM = "action_item", _("Việc cần làm theo chỉ đạo")
    CALENDAR = "calendar", _("Việc trong lịch thực hiện Quy chế")
    REVIEW_ITEM = "review_item", _("Việc cần làm sau họp đánh giá")


class ReminderStage(models.Model):
    """One rung of the ladder: when, relative to the item's deadline, and to
    whom. The defaults (README "Reminders") come from a data migration."""

    class Anchor(models.TextChoices):
        DUE = "due", _("Hạn")
        LOCK = "lock", _("Ngày khóa sổ")
        WINDOW = "window", _("Phần trăm thời hạn trả lời")

    class Audience(models.TextChoices):
        OWING = "owing", _("Đơn vị còn nợ")
        OWING_SENDER_OFFICE = (
            "owing_sender_office",
            _("Đơn vị còn nợ, bên gửi và Văn phòng"),
        )
        OFFICE_STANDING = "office_standing", _("Văn phòng và Thường trực")
        WARD_BODIES = (
            "ward_bodies",
            _("Văn phòng, Thường trực và Đảng ủy Công an"),
        )

    kind = models.CharField(_("loại việc"), max_length=32, choices=Kind)
    anchor = models.CharField(_("mốc"), max_length=16, choices=Anchor)
    offset = models.SmallIntegerField(
        _("độ lệch"),
        help_text=_(
            "Số ngày làm việc so với mốc (âm: trước mốc); với mốc phần trăm: "
            "phần trăm thời hạn đã trôi qua."
        ),
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("nhắc lại sau (ngày)"),
        null=True,
        blank=True,
        help_text=_("Để trống: nhắc một lần. 7: nhắc lại hằng tuần đến khi xong."),
    )
    audience = models.CharField(
        _("người nhận"), max_length=32, choices=Audience, default=Audience.OWING
    )
    enabled = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mốc nhắc hạn")
        verbose_name_plural = _("mốc nhắc hạn")
        ordering = ["kind", "anchor", "offset"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "anchor", "offset"], name="reminder_stage_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(anchor="window")
                | models.Q(offset__gte=1, offset__lte=100),
                name="reminder_stage_window_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.describe()}"

    def describe(self) -> str:
        if self.anchor == self.Anchor.WINDOW:
            text = _("%(p)s%% thời hạn") % {"p": self.offset}
        elif self.offset == 0:
            text = _("đúng ngày %(anchor)s") % {"anchor": self.get_anchor_display()}
        elif self.offset < 0:
            text = _("%(n)s ngày làm việc trước %(anchor)s") % {
                "n": -self.offset,
                "anchor": self.get_anchor_display().lower(),
            }
        else:
            text = _("quá %(anchor)s %(n)s ngày làm việc") % {
                "n": self.offset,
                "anchor": self.get_anchor_display().lower(),
            }
        if self.repeat_days:
            text += _(", rồi cứ %(d)s ngày nhắc lại") % {"d": self.repeat_days}
        return text


class Reminder(models.Model):
    """A reminder sent: written in the same transaction as its in-app
    notification and its e-mail (the day's digest). Unique per item, stage,
    occurrence and person: whatever runs twice, nobody is reminded twice."""

    stage = models.ForeignKey(
        ReminderStage,
        verbose_name=_("mốc"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    item_id = models.PositiveBigIntegerField(_("mã việc"))
    occurrence = models.PositiveSmallIntegerField(_("lần nhắc"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị còn nợ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    for_date = models.DateField(_("ngày nhắc"))
    # The item's level: a reminder about a classified item is absent from the
    # admin of anyone not cleared for it (who owes what is itself classified).
    confidentiality = models.PositiveSmallIntegerField(_("độ mật"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    email = models.ForeignKey(
        "coordination.OutboundEmail",
        verbose_name=_("thư"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
    )

    class Meta:
        verbose_name = _("thư nhắc đã gửi")
        verbose_name_plural = _("thư nhắc đã gửi")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "item_id", "occurrence", "user"],
                name="reminder_once_per_person",
            )
        ]
        indexes = [models.Index(fields=["user", "for_date"])]

    def __str__(self) -> str:
        return f"{self.stage} #{self.item_id} → {self.user}"


class ReminderPreference(models.Model):
    """E-mail on or off for one kind of reminder (in-app is always on). No row
    means on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
    )
    kind = models.CharField(_("loại việc"), max_length=32, choices=Kind)
    email = models.BooleanField(_("nhận thư điện tử"), default=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thư nhắc")
        verbose_name_plural = _("lựa chọn nhận thư nhắc")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="reminder_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


# The ladder the issue and the README give; the data migration writes it.
DEFAULT_LADDER = [
    # kind, anchor, offset, repeat_days, audience
    (Kind.EXCHANGE, "due", -7, None, "owing"),
    (Kind.EXCHANGE, "due", -3, None, "owing"),
    (Kind.EXCHANGE, "due", -1, None, "owing"),
    (Kind.EXCHANGE, "due", 0, None, "owing"),
    (Kind.EXCHANGE, "due", 1, 7, "owing"),
    (Kind.EXCHANGE_MISSING, "lock", -2, None, "office_standing"),
    (Kind.REQUEST, "window", 50, None, "owing"),
    (Kind.REQUEST, "window", 80, None, "owing"),
    (Kind.REQUEST, "due", 0, None, "owing"),
    (Kind.REQUEST, "due", 1, None, "owing_sender_office"),
    (Kind.ACTION_ITEM, "due", -3, None, "owing"),
    (Kind.ACTION_ITEM, "due", -1, None, "owing"),
    (Kind.ACTION_ITEM, "due", 0, None, "owing"),
    (Kind.ACTION_ITEM, "due", 1, None, "owing"),
    (Kind.CALENDAR, "due", -7, None, "ward_bodies"),
    (Kind.CALENDAR, "due", -1, None, "ward_bodies"),
    (Kind.CALENDAR, "due", 0, None, "ward_bodies"),
]
