"""Demo coordination requests of the demo province (``seed_demo --province``):
only between the Đảng ủy Công an tỉnh and the huyện ủy / thành ủy (the two
sides of the provincial regulation, province Điều 6.2), each citing the dash
bullets of Điều 4 / 5 it acts on, in several states: sent, received (one
overdue), answered, closed, agreed in a working meeting, and one important
matter escalated to the Ban Thường vụ Tỉnh ủy with both sides' own positions
(the joint report, "đồng báo cáo"). Idempotent: a request whose sender and
subject already exist is skipped. Follows ``demo.py`` (the ward's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from ..organizations.demo import PROVINCE_REGULATION_CODE
from ..organizations.models import Organization
from . import escalation, services, transitions
from .models import CoordinationRequest, RequestEvent

IMPORTANT = CoordinationRequest.Priority.IMPORTANT
NORMAL = CoordinationRequest.Priority.NORMAL
PREFIX = "tu"  # organisation codes of the demo province (organizations.demo)

# who acts for which organisation (code suffix → username): the focal points
# (province Điều 8.1)
ACTORS = {
    "ca": "tinh_congan_pho",
    "h01": "huyen01_phobithu",
    "h02": "huyen02_phobithu",
    "h03": "huyen03_phobithu",
}


@dataclass(frozen=True)
class DemoRequest:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    content: str
    cites: tuple[str, ...]  # provision refs of the provincial regulation
    path: tuple[str, ...]  # steps applied to the first recipient, in order
    area: str
    priority: str = NORMAL
    days_ago: int = 2
    kind: str = CoordinationRequest.Kind.PROPOSAL
    response_days: int = 5


DEMO_REQUESTS = [
    DemoRequest(
        "ca",
        ("h01", "h02", "h03"),
        "Trao đổi tình hình an ninh, trật tự 6 tháng cuối năm 2026",
        "Thực hiện Điều 6.1 Quy chế, Đảng ủy Công an tỉnh thông báo tình hình an "
        "ninh, trật tự 6 tháng cuối năm 2026 và đề nghị các huyện ủy, thành ủy trao "
        "đổi những chủ trương mới liên quan đến nội dung phối hợp tại Điều 3.",
        ("d4-k1-g7", "d5-k1-g9", "d6-k1"),
        (),
        "anqg",
        kind=CoordinationRequest.Kind.INFORMATION,
        days_ago=1,
        response_days=10,
    ),
    DemoRequest(
        "h01",
        ("ca",),
        "Đề nghị cho ý kiến phương án nhân sự Đại hội Đảng bộ Công an huyện Lâm Sơn",
        "Huyện ủy Lâm Sơn gửi dự thảo văn kiện và phương án nhân sự cấp ủy Đảng bộ "
        "Công an huyện nhiệm kỳ tới, đề nghị Đảng ủy Công an tỉnh cho ý kiến trước "
        "khi Ban Thường vụ Huyện ủy quyết định.",
        ("d4-k2-g1", "d5-k1-g2"),
        ("receive", "answer"),
        "xay-dung-dang",
        days_ago=10,
        response_days=7,
    ),
    DemoRequest(
        "ca",
        ("h02",),
        "Đề nghị bố trí kinh phí sửa chữa trụ sở Công an xã Hưng Lợi",
        "Trụ sở Công an xã Hưng Lợi xuống cấp, mùa mưa bị dột. Đề nghị Huyện ủy Hưng "
        "Phú lãnh đạo ưu tiên bố trí ngân sách địa phương sửa chữa trong năm 2026.",
        ("d5-k1-g8",),
        ("receive", "answer", "close"),
        "co-so-vat-chat",
        days_ago=40,
    ),
    DemoRequest(
        "ca",
        ("h01",),
        "Phối hợp đấu tranh, phản bác thông tin sai trái trên mạng xã hội về Công "
        "an huyện Lâm Sơn",
        "Một số trang mạng xã hội đăng tải thông tin sai sự thật về cán bộ Công an "
        "huyện. Đề nghị làm việc thống nhất phương án phối hợp đấu tranh, định hướng "
        "dư luận.",
        ("d4-k1-g2", "d5-k2-g2", "d6-k2"),
        ("receive", "meeting", "agreed", "close"),
        "xay-dung-dang",
        priority=IMPORTANT,
        days_ago=30,
    ),
    DemoRequest(
        "h03",
        ("ca",),
        "Cơ cấu bí thư chi bộ công an xã, phường tham gia ban thường vụ đảng ủy",
        "Thành ủy Bình An đề nghị thống nhất lộ trình cơ cấu đồng chí bí thư chi bộ "
        "công an xã, phường tham gia ban thường vụ đảng ủy xã, phường trên địa bàn "
        "thành phố.",
        ("d4-k2-g5", "d5-k1-g5", "d6-k2"),
        ("receive", "meeting", "not_agreed", "escalate", "position"),
        "luc-luong",
        priority=IMPORTANT,
        days_ago=20,
    ),
    DemoRequest(
        "ca",
        ("h02",),
        "Đề nghị tham gia ý kiến dự thảo kế hoạch xây dựng thế trận an ninh nhân "
        "dân năm 2027",
        "Đảng ủy Công an tỉnh gửi dự thảo kế hoạch, đề nghị Huyện ủy Hưng Phú tham "
        "gia ý kiến trước khi tham mưu Ban Thường vụ Tỉnh ủy.",
        ("d4-k1-g6", "d5-k2-g3"),
        ("receive",),
        "the-tran-antq",
        days_ago=12,
    ),
]


def _org(key: str) -> Organization:
    return Organization.objects.get(code=f"{PREFIX}-{key}")


def _actor(key: str) -> User:
    return User.objects.get(username=ACTORS[key])


def _apply(step: str, req: CoordinationRequest, spec: DemoRequest) -> None:
    rec = req.recipients.select_related("organization").order_by("pk").first()
    sender, receiver = _actor(spec.sender), _actor(spec.recipients[0])
    if step == "receive":
        transitions.receive_request(recipient=rec, by=receiver)
    elif step == "answer":
        transitions.answer_request(
            recipient=rec,
            by=receiver,
            body="Đơn vị đã nghiên cứu, thống nhất nội dung đề nghị; giao bộ phận "
            "giúp việc phối hợp triển khai và báo cáo kết quả.",
        )
    elif step == "close":
        transitions.close_request(recipient=rec, by=sender, comment="Đã hoàn thành.")
    elif step == "meeting":
        # Every meeting here was held (its outcome is recorded): after the
        # request was sent, before today.
        day = timezone.localdate() - datetime.timedelta(days=max(1, spec.days_ago // 2))
        escalation.schedule_meeting(
            recipient=rec,
            by=sender,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(8, 0))
            ),
            place="Phòng họp Đảng ủy Công an tỉnh",
            sender_participants=f"Đại diện {req.sender.name}",
            recipient_participants=f"Đại diện {rec.organization.name}",
        )
    elif step in ("agreed", "not_agreed"):
        escalation.record_meeting_outcome(
            recipient=rec,
            by=sender,
            agreed=step == "agreed",
            minutes="Hai bên thống nhất phương án và phân công thực hiện."
            if step == "agreed"
            else "Hai bên chưa thống nhất về lộ trình thực hiện.",
        )
    elif step == "escalate":
        # Each side writes its own position: the sender here, the other side
        # next ("position"), so the standing committee has both.
        escalation.escalate_request(
            recipient=rec,
            by=sender,
            sender_position="Thành ủy đề nghị thực hiện theo lộ trình đến hết nhiệm "
            "kỳ, ưu tiên các xã, phường trọng điểm về an ninh, trật tự.",
        )
    elif step == "position":
        escalation.record_position(
            recipient=rec,
            by=receiver,
            position="Đảng ủy Công an tỉnh đề nghị thực hiện đồng loạt trong quý "
            "I/2027 theo hướng dẫn của Đảng ủy Công an Trung ương.",
        )


@transaction.atomic
def seed_province_requests() -> tuple[int, int]:
    """Returns (created, skipped)."""
    from regulations.models import Area, Provision, Regulation

    areas = {area.code: area for area in Area.objects.all()}
    provisions = {
        p.ref: p
        for p in Provision.objects.filter(
            regulation__code=PROVINCE_REGULATION_CODE,
            regulation__status=Regulation.Status.IN_FORCE,
        )
    }
    created = skipped = 0
    today = timezone.localdate()
    for spec in DEMO_REQUESTS:
        sender_org = _org(spec.sender)
        if CoordinationRequest.objects.filter(
            sender=sender_org, subject=spec.subject
        ).exists():
            skipped += 1
            continue
        by = _actor(spec.sender)
        req = services.create_request(
            by=by,
            sender=sender_org,
            recipients=[_org(key) for key in spec.recipients],
            subject=spec.subject,
            content=spec.content,
            kind=spec.kind,
            priority=spec.priority,
            response_days=spec.response_days,
            area=areas.get(spec.area),
            provisions=[provisions[ref] for ref in spec.cites if ref in provisions],
        )
        services.send_request(
            request=req, by=by, today=today - datetime.timedelta(days=spec.days_ago)
        )
        for step in spec.path:
            _apply(step, req, spec)
        # back-date so the demo shows real ages (and one overdue item)
        shift = datetime.timedelta(days=spec.days_ago)
        CoordinationRequest.objects.filter(pk=req.pk).update(
            sent_at=F("sent_at") - shift
        )
        RequestEvent.objects.filter(request=req, action__in=["create", "send"]).update(
            created_at=F("created_at") - shift
        )
        created += 1
    return created, skipped
