"""The "Việc đang chờ" box of the home page. Each feature registers a provider in
``settings.PENDING_WORK_PROVIDERS``: a function ``provider(user) -> list[PendingItem]``
that must run a constant number of queries and list only what the user may open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PendingItem:
    title: str
    url: str
    kind: str = ""
    due: datetime.date | None = None
    overdue: bool = False
    # False when the title already says the date and it is not a deadline (a
    # meeting): the date still orders the list.
    show_due: bool = True


def pending_items(user, *, limit: int = 20) -> list[PendingItem]:
    items: list[PendingItem] = []
    for path in settings.PENDING_WORK_PROVIDERS:
        items.extend(import_string(path)(user))
    items.sort(key=lambda item: (not item.overdue, item.due or datetime.date.max))
    return items[:limit]
