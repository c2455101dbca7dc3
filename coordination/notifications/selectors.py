from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)
