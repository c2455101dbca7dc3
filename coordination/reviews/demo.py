"""Last year's yearly review (``seed_demo``): the demo ward's police
committee held it with the two demo cells invited; minutes, decisions and two
action items, one done late, one still open; a commendation of one cell
(decided by the standing committee), a criticism of the other (pending), one
amendment proposal raised by a cell, and last year's "Công an lắng nghe ý
kiến Nhân dân" conference with two opinions, one answered, and last year's
19/8 festival ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc") with the entries
of the police committee and a cell. Idempotent: skipped when the ward
already has last year's yearly review."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regulations.models import Provision
from regulations.selectors import regulation_in_force_for

from ..organizations.models import Organization
from . import services
from .conference import services as conference_services
from .festival import services as festival_services
from .models import ReviewMeeting
from .proposals import amendments
from .proposals import services as proposals

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
    _seed_proposals(officer, police, meeting, cells, late)
    _seed_conference(officer, police, year, cells)
    _seed_festival(officer, police, year, cells)
    return 1


def _seed_festival(officer, police, year, cells) -> None:
    """Last year's 19/8 festival: the police committee's entry and the first
    cell's, written by its secretary."""
    festival = festival_services.record_festival(
        by=officer,
        ward=police.parent,
        year=year,
        held_on=datetime.date(year, 8, 19),
        place="Sân vận động phường",
        notes="Biểu dương các mô hình tự quản về an ninh, trật tự ở khu dân cư.",
    )
    festival_services.save_festival_entry(
        festival=festival,
        by=officer,
        organization=police,
        activities="Chủ trì tổ chức Ngày hội; trưng bày mô hình phòng, chống tội phạm.",
        participants=40,
    )
    owner = User.objects.filter(username="bithu_cb01").first()
    if owner is not None:
        festival_services.save_festival_entry(
            festival=festival,
            by=owner,
            organization=cells[0],
            activities="Vận động Nhân dân khu dân cư tham gia; biểu diễn văn nghệ.",
            participants=120,
        )


def _seed_conference(officer, police, year, cells) -> None:
    """Last year's "Công an lắng nghe ý kiến Nhân dân" conference: two
    opinions, one answered by the cell assigned."""
    conference = conference_services.hold_conference(
        by=officer,
        ward=police.parent,
        year=year,
        held_on=datetime.date(year, 8, 15),
        place="Nhà văn hóa khu dân cư",
        summary="Lắng nghe ý kiến của Nhân dân về công tác bảo đảm an ninh, trật tự.",
    )
    answered = conference_services.add_opinion(
        conference=conference,
        by=officer,
        raised_by="Bà Nguyễn Thị Hà, tổ dân phố số 3",
        content="Đề nghị tăng cường tuần tra ban đêm tại ngõ chợ.",
        assignee=cells[0],
        due_date=datetime.date(year, 9, 15),
    )
    owner = User.objects.filter(username="bithu_cb01").first()
    if owner is not None:
        conference_services.answer_opinion(
            opinion=answered,
            by=owner,
            answer="Đã phối hợp Công an phường lập tổ tuần tra ban đêm.",
        )
    conference_services.add_opinion(
        conference=conference,
        by=officer,
        raised_by="Ông Trần Văn Bình, Hội Cựu chiến binh",
        content="Đề nghị hướng dẫn thủ tục đăng ký tạm trú trực tuyến.",
        assignee=police,
        due_date=timezone.localdate() + datetime.timedelta(days=15),
    )


def _seed_proposals(officer, police, meeting, cells, late) -> None:
    ward = police.parent
    reports = proposals.evidence_choices(officer, ward)["exchange_report"]
    evidence = list(reports.filter(organization=cells[-1]).order_by("pk")[:2])
    commendation = proposals.propose(
        by=officer,
        proposer_org=police,
        meeting=meeting,
        kind="commend",
        organization=cells[-1],
        reason=(
            "Thực hiện nghiêm chế độ trao đổi thông tin, phối hợp chặt chẽ với "
            "Công an phường trong năm."
        ),
        evidence={"exchange_report": evidence},
    )
    standing = User.objects.filter(username="thuongtruc").first()
    if standing is not None:
        proposals.decide(
            proposal=commendation,
            by=standing,
            accepted=True,
            decision_number="125-QĐ/ĐU",
            decision_date=meeting.starts_at.date() + datetime.timedelta(days=20),
            note="Tặng giấy khen.",
        )
    proposals.propose(
        by=officer,
        proposer_org=police,
        meeting=meeting,
        kind="criticise",
        organization=cells[0],
        reason="Chậm bổ sung báo cáo trao đổi thông tin sau họp rút kinh nghiệm.",
        evidence={"action_item": [late]},
    )
    raiser = User.objects.filter(username="bithu_cb01").first()
    provision = Provision.objects.filter(
        regulation=regulation_in_force_for(ward), ref="d10-k2"
    ).first()
    if raiser is not None and provision is not None:
        amendments.raise_amendment(
            by=raiser,
            organization=cells[0],
            kind="difficulty",
            content=(
                "Thời hạn trả lời yêu cầu phối hợp quá ngắn với chi bộ khu dân cư; "
                "đề nghị bổ sung thời hạn riêng cho việc cần xác minh."
            ),
            provisions=[provision],
        )
