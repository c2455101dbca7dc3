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


def safe_title(level: int, pk: int, title: str) -> str:
    """A title safe for notifications, e-mails, calendars and logs: a
    classified object is named by a neutral placeholder, never its subject."""
    from django.utils.translation import gettext

    if level > Confidentiality.NORMAL:
        return gettext("Văn bản %(level)s #%(pk)s") % {
            "level": Confidentiality(level).label,
            "pk": pk,
        }
    return title
