"""Review meetings of the ward fixture: a planned yearly review hosted by the
police committee, every cell invited, and builders for more."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coordination.reviews import services
from coordination.reviews.models import ReviewMeeting


def schedule(ward, *, by=None, invited=None, year=2026, **kwargs):
    return services.schedule_review(
        by=by or ward.officer,
        ward=ward.root,
        kind=kwargs.pop("kind", ReviewMeeting.Kind.YEARLY),
        year=year,
        starts_at=kwargs.pop(
            "starts_at",
            timezone.now().replace(microsecond=0) + datetime.timedelta(days=7),
        ),
        place=kwargs.pop("place", "Hội trường Đảng ủy"),
        chair=kwargs.pop("chair", ward.officer),
        agenda=kwargs.pop("agenda", "1. Đánh giá năm"),
        invited=invited,
        **kwargs,
    )


def add_item(ward, meeting, *, owner=None, due=None, text="Bổ sung báo cáo"):
    return services.add_review_item(
        meeting=meeting,
        by=ward.officer,
        owner=owner or ward.cell_a,
        description=text,
        due_date=due or timezone.localdate() + datetime.timedelta(days=10),
    )


@pytest.fixture
def meeting(ward):
    """Planned, every cell invited, one action item owned by cell A."""
    planned = schedule(ward)
    add_item(ward, planned)
    return planned
