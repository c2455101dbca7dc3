"""Last year's yearly review (``seed_demo``): the demo ward's police
committee held it with the two demo cells invited; minutes, decisions and two
action items, one done late, one still open. Idempotent: skipped when the
ward already has last year's yearly review."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regulations.models import Provision

from ..organizations.models import Organization
from . import services
from .models import ReviewMeeting

MINUTES = (
    "Đảng ủy Công an phường chủ trì họp rút kinh nghiệm việc thực hiện Quy chế "
    "phối hợp năm qua. Các chi bộ báo cáo kết quả phối hợp, nêu khó khăn về "
    "thời hạn trao đổi thông tin."
)
DECISIONS = (
    "Duy trì trao đổi thông tin định kỳ 6 tháng; chi bộ chậm báo cáo rút kinh "
    "nghiệm; rà soát danh sách đầu mối."
)


@transaction.atomic
def seed_demo_reviews() -> int:
    officer = User.objects.filter(username="congan").first()
    police = Organization.objects.filter(code="hd-ca").first()
    if officer is None or police is None or police.parent is None:
        return 0
    ward = police.parent
    year = timezone.localdate().year - 1
    kind = ReviewMeeting.Kind.YEARLY
    if ReviewMeeting.objects.filter(ward=ward, kind=kind, year=year).exists():
        return 0
    cells = list(
        Organization.objects.filter(code__in=("hd-cb01", "hd-cb02")).order_by("code")
    )
    tz = timezone.get_current_timezone()
    starts = datetime.datetime(year, 12, 15, 8, 0, tzinfo=tz)
    meeting = services.schedule_review(
        by=officer,
        ward=ward,
        kind=kind,
        year=year,
        starts_at=starts,
        place="Hội trường Đảng ủy phường",
        chair=officer,
        agenda="1. Đánh giá kết quả thực hiện Quy chế.\n2. Kiến nghị, đề xuất.",
        invited=cells or None,
        provision=Provision.objects.filter(ref="d11-k1").order_by("-pk").first(),
    )
    services.record_review(
        meeting=meeting,
        by=officer,
        minutes=MINUTES,
        decisions=DECISIONS,
        attended=[c.pk for c in cells],
        mark_held=True,
    )
    if not cells:
        return 1
    late = services.add_review_item(
        meeting=meeting,
        by=officer,
        owner=cells[0],
        description="Bổ sung báo cáo trao đổi thông tin còn thiếu",
        due_date=starts.date() + datetime.timedelta(days=30),
    )
    owner = User.objects.filter(username="bithu_cb01").first()
    if owner is not None:
        services.complete_review_item(item=late, by=owner, note="Đã nộp bổ sung.")
    services.add_review_item(
        meeting=meeting,
        by=officer,
        owner=cells[-1],
        description="Rà soát, cập nhật danh sách đầu mối liên hệ",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    return 1
