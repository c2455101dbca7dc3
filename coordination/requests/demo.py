"""Demo coordination requests for the first demo ward (``seed_demo``): one or
more in every state, between several organisations, some overdue.
Idempotent: a request whose sender and subject already exist is skipped."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from ..organizations.models import Organization
from . import escalation, services, transitions
from .models import CoordinationRequest, RequestEvent, RequestRecipient

IMPORTANT = CoordinationRequest.Priority.IMPORTANT
NORMAL = CoordinationRequest.Priority.NORMAL

# who acts for which organisation (code suffix → username)
ACTORS = {
    "ca": "congan",
    "cb01": "bithu_cb01",
    "cb02": "bithu_cb02",
    "btv": "thuongtruc",
}


@dataclass(frozen=True)
class DemoRequest:
    sender: str
    recipients: tuple[str, ...]
    subject: str
    content: str
    path: tuple[str, ...]  # steps applied to the first recipient, in order
    priority: str = NORMAL
    days_ago: int = 2
    kind: str = CoordinationRequest.Kind.PROPOSAL
    confidentiality: int = 0
    response_days: int = 5
    area_index: int = 0
    extra: dict = field(default_factory=dict)


DEMO_REQUESTS = [
    DemoRequest(
        "cb01",
        ("ca",),
        "Đề nghị cung cấp tình hình an ninh, trật tự khu dân cư quý IV",
        "Đề nghị Đảng ủy Công an phường cung cấp tình hình an ninh, trật tự trên địa "
        "bàn khu dân cư Trần Hưng Đạo để chi bộ đánh giá, có giải pháp lãnh đạo.",
        ("draft",),
        kind=CoordinationRequest.Kind.INFORMATION,
        days_ago=0,
    ),
    DemoRequest(
        "cb01",
        ("ca",),
        "Đề nghị phối hợp xử lý tình trạng tụ tập đua xe ban đêm",
        "Thời gian gần đây trên tuyến phố Trần Hưng Đạo thường xuyên có nhóm thanh "
        "niên tụ tập, đua xe sau 23 giờ. Đề nghị phối hợp tuần tra, xử lý.",
        (),
        days_ago=20,
        area_index=1,
    ),
    DemoRequest(
        "cb02",
        ("ca",),
        "Đề nghị hỗ trợ tuyên truyền phòng, chống lừa đảo qua mạng",
        "Đề nghị Công an phường cử cán bộ tuyên truyền cho đảng viên, nhân dân khu "
        "dân cư Quang Trung về các thủ đoạn lừa đảo qua mạng.",
        ("receive",),
        days_ago=15,
        area_index=1,
    ),
    DemoRequest(
        "ca",
        ("cb01", "cb02", "hd-cb03"),
        "Đề nghị rà soát người nước ngoài tạm trú trên địa bàn",
        "Đề nghị các chi bộ chỉ đạo tổ dân phố rà soát, thông báo người nước ngoài "
        "tạm trú chưa khai báo.",
        ("answer",),
        days_ago=1,
        area_index=0,
    ),
    DemoRequest(
        "cb01",
        ("ca",),
        "Đề nghị phối hợp bảo đảm an ninh Lễ hội đường phố",
        "Đề nghị phối hợp phân luồng giao thông, bảo đảm an ninh trong thời gian tổ "
        "chức lễ hội.",
        ("receive", "answer", "close"),
        days_ago=30,
        area_index=1,
    ),
    DemoRequest(
        "ca",
        ("cb01",),
        "Phối hợp giải quyết tranh chấp đất đai kéo dài tại tổ dân phố số 3",
        "Vụ việc phức tạp, kéo dài, có nguy cơ phát sinh khiếu kiện đông người. Đề "
        "nghị họp làm việc thống nhất phương án.",
        ("receive", "meeting"),
        priority=IMPORTANT,
        days_ago=6,
        area_index=0,
    ),
    DemoRequest(
        "cb02",
        ("ca",),
        "Phương án bảo đảm trật tự khu chợ tạm Quang Trung",
        "Đề nghị thống nhất phương án bố trí lực lượng bảo đảm trật tự khu chợ tạm.",
        ("receive", "meeting", "agreed"),
        priority=IMPORTANT,
        days_ago=12,
        area_index=1,
    ),
    DemoRequest(
        "cb02",
        ("ca",),
        "Xử lý điểm tập kết phế liệu gây mất trật tự, vệ sinh",
        "Đề nghị phối hợp xử lý điểm tập kết phế liệu tự phát ở ngõ 12.",
        ("receive", "meeting", "not_agreed"),
        priority=IMPORTANT,
        days_ago=9,
        area_index=1,
    ),
    DemoRequest(
        "cb01",
        ("ca",),
        "Di dời điểm trông giữ xe tự phát trước cổng trường học",
        "Điểm trông giữ xe tự phát gây ùn tắc giờ tan trường. Chi bộ đề nghị di dời; "
        "hai bên chưa thống nhất địa điểm mới.",
        ("receive", "meeting", "not_agreed", "escalate"),
        priority=IMPORTANT,
        days_ago=14,
        area_index=1,
    ),
    DemoRequest(
        "ca",
        ("cb02",),
        "Xử lý cơ sở karaoke hoạt động quá giờ quy định",
        "Cơ sở karaoke trên phố Quang Trung nhiều lần hoạt động quá giờ; đề nghị chi "
        "bộ vận động, hai bên chưa thống nhất biện pháp.",
        ("receive", "meeting", "not_agreed", "escalate", "direct"),
        priority=IMPORTANT,
        days_ago=25,
        area_index=1,
    ),
    DemoRequest(
        "cb02",
        ("ca",),
        "Đề nghị cung cấp số liệu tai nạn giao thông 6 tháng đầu năm",
        "Đề nghị cung cấp số liệu để chi bộ sơ kết.",
        ("withdraw",),
        kind=CoordinationRequest.Kind.INFORMATION,
        days_ago=8,
    ),
    DemoRequest(
        "ca",
        ("cb01",),
        "Đề nghị xác minh nhân thân, lịch sử cư trú của công dân",
        "Đề nghị chi bộ chỉ đạo tổ dân phố xác minh nhân thân của một công dân.",
        ("return",),
        days_ago=4,
    ),
    DemoRequest(
        "ca",
        ("cb01",),
        "Danh sách đối tượng cần quản lý trên địa bàn",
        "Tài liệu Mật: danh sách đối tượng cần tăng cường quản lý, giáo dục.",
        (),
        confidentiality=1,
        days_ago=3,
        area_index=0,
    ),
    DemoRequest(
        "ca",
        ("hd-cb05", "hd-cb06", "hd-cb13"),
        "Đề nghị phối hợp xây dựng mô hình camera an ninh khu dân cư",
        "Đề nghị các chi, đảng bộ vận động nhân dân tham gia lắp đặt camera an ninh.",
        (),
        days_ago=10,
        area_index=4,
    ),
]


def _org(code: str) -> Organization:
    return Organization.objects.get(
        code=code if code.startswith("hd") else f"hd-{code}"
    )


def _actor(code: str) -> User:
    return User.objects.get(username=ACTORS[code.removeprefix("hd-")])


def _apply(step: str, req: CoordinationRequest, spec: DemoRequest) -> None:
    rec = req.recipients.select_related("organization").order_by("pk").first()
    sender = _actor(spec.sender)
    receiver = (
        _actor(spec.recipients[0])
        if spec.recipients[0].removeprefix("hd-") in ACTORS
        else None
    )
    if step == "receive":
        transitions.receive_request(recipient=rec, by=receiver)
    elif step == "answer":
        transitions.answer_request(
            recipient=rec,
            by=receiver,
            body="Đơn vị đã tiếp nhận, triển khai thực hiện và báo cáo kết quả như sau: "
            "đã phân công đồng chí phụ trách, hoàn thành trong tuần.",
        )
    elif step == "close":
        transitions.close_request(recipient=rec, by=sender, comment="Đã hoàn thành.")
    elif step == "meeting":
        # A meeting whose outcome the story records was held before today (and
        # after the request was sent); one still pending is in two days.
        held = "agreed" in spec.path or "not_agreed" in spec.path
        day = timezone.localdate() + (
            -datetime.timedelta(days=max(1, spec.days_ago // 2))
            if held
            else datetime.timedelta(days=2)
        )
        escalation.schedule_meeting(
            recipient=rec,
            by=sender,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(8, 0))
            ),
            place="Phòng họp Đảng ủy phường",
            sender_participants=f"Đại diện {req.sender.name}",
            recipient_participants=f"Đại diện {rec.organization.name}",
        )
    elif step in ("agreed", "not_agreed"):
        escalation.record_meeting_outcome(
            recipient=rec,
            by=sender,
            agreed=step == "agreed",
            minutes="Hai bên trao đổi, thống nhất phương án."
            if step == "agreed"
            else "Hai bên chưa thống nhất về biện pháp và lực lượng thực hiện.",
        )
    elif step == "escalate":
        escalation.escalate_request(
            recipient=rec,
            by=sender,
            sender_position="Đề nghị thực hiện ngay trong tháng.",
            recipient_position="Cần thêm thời gian chuẩn bị lực lượng, phương tiện.",
        )
    elif step == "direct":
        escalation.direct_request(
            recipient=rec,
            by=User.objects.get(username="thuongtruc"),
            text="Giao Đảng ủy Công an chủ trì, chi bộ phối hợp; hoàn thành trong 15 "
            "ngày, báo cáo Thường trực kết quả.",
        )
    elif step == "withdraw":
        services.withdraw_request(request=req, by=sender, comment="Đã có số liệu.")
    elif step == "return":
        transitions.return_request(
            recipient=rec,
            by=receiver,
            comment="Đề nghị bổ sung họ tên, địa chỉ cụ thể.",
        )


@transaction.atomic
def seed_demo_requests() -> tuple[int, int]:
    """Returns (created, skipped)."""
    from regulations.models import Area, Provision, Regulation

    areas = list(Area.objects.order_by("order", "code"))
    # Điều 10.2 of the ward's regulation: the rule these requests follow.
    basis = list(
        Provision.objects.filter(
            ref="d10-k2",
            regulation__code="qc-phuong-hai-duong",
            regulation__status=Regulation.Status.IN_FORCE,
        )
    )
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
            recipients=[_org(code) for code in spec.recipients],
            subject=spec.subject,
            content=spec.content,
            kind=spec.kind,
            priority=spec.priority,
            confidentiality=spec.confidentiality,
            response_days=spec.response_days,
            area=areas[spec.area_index % len(areas)] if areas else None,
            provisions=basis,
        )
        sent_on = today - datetime.timedelta(days=spec.days_ago)
        if spec.path != ("draft",):
            services.send_request(
                request=req, by=by, today=sent_on, acknowledge_uncleared=True
            )
        for step in spec.path:
            if step != "draft":
                _apply(step, req, spec)
        if spec.days_ago:
            # back-date so the demo shows real ages and overdue items
            shift = datetime.timedelta(days=spec.days_ago)
            CoordinationRequest.objects.filter(pk=req.pk, sent_at__isnull=False).update(
                sent_at=F("sent_at") - shift
            )
            RequestEvent.objects.filter(
                request=req, action__in=["create", "send"]
            ).update(created_at=F("created_at") - shift)
        created += 1
    return created, skipped


def overdue_count() -> int:
    return RequestRecipient.objects.filter(
        state__in=RequestRecipient.AWAITING_ANSWER, due_date__lt=timezone.localdate()
    ).count()
