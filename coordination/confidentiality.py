"""Confidentiality levels (độ mật) shared by every feature that can hold
classified content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.IntegerChoices):
    """Same levels as ``User.Clearance``: a user sees a request when
    ``request.confidentiality <= user.clearance``."""

    NORMAL = 0, _("Thường")
    SECRET = 1, _("Mật")
    TOP_SECRET = 2, _("Tối mật")
