"""The pages: schedule, record, assign, mark done; what the detail shows."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from coordination.models import ReviewMeeting
from coordination.reviews import services

from .conftest import add_item


def test_record_without_minutes_is_refused_with_the_form_shown_again(
    client, ward, meeting
):
    client.force_login(ward.officer)
    url = reverse("coordination:review-record", args=[meeting.pk])
    response = client.post(url, {"minutes": "", "mark_held": "on"})
    assert response.status_code == 400
    assert "Xin ghi biên bản" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.state == ReviewMeeting.State.PLANNED


def test_detail_shows_attendance_minutes_and_item_states(client, ward, meeting):
    today = timezone.localdate()
    first = meeting.action_items.get()
    late = add_item(ward, meeting, due=today - datetime.timedelta(days=3), text="Muộn")
    add_item(ward, meeting, due=today - datetime.timedelta(days=1), text="Quá")
    services.complete_review_item(item=late, by=ward.secretary_a)
    services.complete_review_item(item=first, by=ward.deputy_a)
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="Nội dung biên bản",
        decisions="Nội dung kết luận",
        attended=[ward.cell_a.pk],
        mark_held=True,
    )
    client.force_login(ward.secretary_b)
    page = client.get(meeting.get_absolute_url()).content.decode()
    for text in (
        "Nội dung biên bản",
        "Nội dung kết luận",
        "Vắng",
        "Trễ hạn",
        "Đúng hạn",
        "Quá hạn",
        "Đã họp",
    ):
        assert text in page, text
    assert "Báo hoàn thành" not in page  # cell B owns none of them
    assert reverse("coordination:review-record", args=[meeting.pk]) not in page


def test_owner_marks_done_from_the_page(client, ward, meeting):
    item = meeting.action_items.get()
    client.force_login(ward.secretary_a)
    assert "Báo hoàn thành" in client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("coordination:review-item-done", args=[item.pk])
    assert client.post(url, {"note": "Đã làm"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by == ward.secretary_a and item.done_note == "Đã làm"
