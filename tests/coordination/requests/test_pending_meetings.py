"""Issue 20 item 4: "Việc đang chờ" lists the working meetings of the user's
organisations with their date; an empty box says what to do instead."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import CoordinationRequest
from coordination.requests import escalation, transitions
from coordination.requests.selectors import pending_meeting_items
from tests.factories import make_request


def _meeting(ward, *, when, subject="Di dời điểm trông giữ xe"):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject=subject,
        priority=CoordinationRequest.Priority.IMPORTANT,
    )
    rec = req.recipients.get()
    transitions.receive_request(recipient=rec, by=ward.officer)
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.secretary_a,
        starts_at=when,
        place="Hội trường phường",
        sender_participants="Chi bộ A",
        recipient_participants="Công an",
    )
    return req


def test_both_sides_see_the_upcoming_meeting_with_its_date(client, ward):
    when = datetime.datetime(
        2026, 12, 25, 14, 30, tzinfo=timezone.get_current_timezone()
    )
    _meeting(ward, when=when)
    for user in (ward.secretary_a, ward.officer):
        client.force_login(user)
        body = client.get(reverse("accounts:home")).content.decode()
        assert "Họp làm việc 25/12/2026 14:30 tại Hội trường phường" in body, user
        # The meeting's date is said once, not again as a deadline ("— hạn").
        assert "hạn 25/12/2026" not in body, user
        assert "Không có việc nào đang chờ." not in body
    # a cell that is not a party to it sees nothing
    assert pending_meeting_items(ward.secretary_b) == []


def test_a_held_meeting_asks_for_its_outcome(ward, time_machine):
    when = timezone.now() + datetime.timedelta(days=1)
    _meeting(ward, when=when)
    time_machine.move_to(when + datetime.timedelta(hours=2), tick=False)
    (item,) = pending_meeting_items(ward.officer)
    assert item.title.startswith("Ghi kết quả họp làm việc")


def test_queries_do_not_grow_with_meetings(ward):
    when = timezone.now() + datetime.timedelta(days=3)
    _meeting(ward, when=when, subject="Một")
    pending_meeting_items(ward.officer)  # the user's organisations, cached
    with CaptureQueriesContext(connection) as one:
        assert len(pending_meeting_items(ward.officer)) == 1
    for n in range(3):
        _meeting(ward, when=when, subject=f"Thêm {n}")
    with CaptureQueriesContext(connection) as four:
        assert len(pending_meeting_items(ward.officer)) == 4
    assert len(four) == len(one)


def test_an_empty_box_says_what_to_do_with_links(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert "Không có việc nào đang chờ." in body
    assert f'href="{reverse("coordination:request-create")}"' in body
    assert f'href="{reverse("coordination:calendar-month")}"' in body


def test_an_empty_request_list_offers_a_way_out(client, ward):
    client.force_login(ward.secretary_a)
    url = reverse("coordination:request-outbox")
    body = client.get(url).content.decode()
    assert (
        f'Không có đề nghị nào. <a href="{reverse("coordination:request-create")}"'
        in body
    )
    body = client.get(url, {"q": "không có"}).content.decode()
    assert f'<a href="{url}">Bỏ lọc để xem tất cả</a>' in body
