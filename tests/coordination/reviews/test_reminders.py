"""A review's action item is reminded by the daily sweep as its own kind
(``review_item``): its ids never collide with an incident's action items."""

from __future__ import annotations

import datetime

from coordination.models import Reminder
from coordination.reminders import services as reminder_services
from coordination.reminders.models import Kind
from coordination.reviews import services

from .conftest import add_item

D = datetime.date
DUE, ONE_BEFORE = D(2026, 7, 15), D(2026, 7, 14)  # Wednesday, Tuesday


def _reminded(**filters) -> set[str]:
    return set(
        Reminder.objects.filter(stage__kind=Kind.REVIEW_ITEM, **filters).values_list(
            "user__username", flat=True
        )
    )


def test_one_working_day_before_the_due_date_reaches_the_owners_leaders(ward, meeting):
    item = add_item(ward, meeting, owner=ward.cell_b, due=DUE)
    reminder_services.send_reminders(ONE_BEFORE)
    rows = Reminder.objects.filter(stage__kind=Kind.REVIEW_ITEM, item_id=item.pk)
    assert {r.stage.offset for r in rows} == {-1}
    assert _reminded(item_id=item.pk) == {"secretary_b"}
    reminder_services.send_reminders(ONE_BEFORE)  # once
    assert rows.count() == 1


def test_a_done_item_is_not_reminded(ward, meeting):
    item = add_item(ward, meeting, owner=ward.cell_a, due=DUE)
    services.complete_review_item(item=item, by=ward.secretary_a)
    reminder_services.send_reminders(ONE_BEFORE)
    assert not _reminded(item_id=item.pk)
    assert "secretary_a" not in _reminded()
