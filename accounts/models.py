from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who logs in. What they may do follows from their memberships
    (coordination.Membership), not from fields here; only the clearance level for
    classified documents is personal, and only administrators set it."""

    class Clearance(models.IntegerChoices):
        NONE = 0, _("Không")
        SECRET = 1, _("Mật")
        TOP_SECRET = 2, _("Tối mật")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("mức được tiếp cận tài liệu mật"),
        choices=Clearance,
        default=Clearance.NONE,
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username
