"""Demo incidents for the first demo ward (``seed_demo``): one just reported
and not yet acknowledged, one directed with an overdue action item, one
closed, and a cell's 7.2.f exchange with the police. Written through the
services, then dated back as they would have happened. Idempotent: an
incident whose reporter and title exist is skipped."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regulations.models import Area

from ..organizations.models import Organization
from . import services
from .models import ActionItem, Incident, IncidentEvent, IncidentUpdate

Kind = Incident.Kind


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _org(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


def _date_back(incident: Incident, hours: float) -> None:
    """Shift the incident's whole history ``hours`` into the past."""
    delta = datetime.timedelta(hours=hours)
    Incident.objects.filter(pk=incident.pk).update(
        reported_at=incident.reported_at - delta if incident.reported_at else None,
        started_at=incident.started_at - delta,
    )
    for model in (IncidentEvent, IncidentUpdate):
        for row in model.objects.filter(incident=incident):
            model.objects.filter(pk=row.pk).update(created_at=row.created_at - delta)
    Incident.objects.filter(pk=incident.pk, closed_at__isnull=False).update(
        closed_at=timezone.now() - delta + datetime.timedelta(hours=30)
    )


@transaction.atomic
def seed_demo_incidents() -> int:
    cell, cell2, police = _org("hd-cb01"), _org("hd-cb02"), _org("hd-ca")
    secretary, secretary2 = _user("bithu_cb01"), _user("bithu_cb02")
    officer, standing = _user("congan"), _user("thuongtruc")
    if not all((cell, cell2, police, secretary, secretary2, officer, standing)):
        return 0
    areas = {a.code: a for a in Area.objects.all()}
    made = 0
    now = timezone.now()

    def new(by, reporter, kind, title, **extra):
        nonlocal made
        if Incident.objects.filter(reporter=reporter, title=title).exists():
            return None
        incident = services.create_incident(
            by=by,
            reporter=reporter,
            kind=kind,
            title=title,
            started_at=now - datetime.timedelta(minutes=40),
            report=True,
            **extra,
        )
        made += 1
        return incident

    fresh = new(
        secretary2,
        cell2,
        Kind.CELL_REPORT,
        "Nhóm thanh niên tụ tập, có biểu hiện gây rối tại khu vui chơi",
        description="Khoảng 20 thanh niên tụ tập, đốt pháo, lời qua tiếng lại với "
        "người dân; có nguy cơ xô xát.",
        place="Khu vui chơi đường Quang Trung",
        area=areas.get("ttatxh"),
        severity=Incident.Severity.SERIOUS,
        measures_taken="Tổ tự quản đã nhắc nhở, đề nghị giải tán.",
    )
    directed = new(
        secretary,
        cell,
        Kind.CELL_REPORT,
        "Đơn thư tập thể về tranh chấp đất đai có dấu hiệu bị kích động",
        description="12 hộ ký đơn tập thể, có người ngoài địa bàn vận động ký tên.",
        place="Tổ dân phố số 3, Khu dân cư Trần Hưng Đạo",
        area=areas.get("anqg"),
        severity=Incident.Severity.SERIOUS,
    )
    if directed is not None:
        services.acknowledge_incident(incident=directed, by=officer)
        services.acknowledge_incident(incident=directed, by=standing)
        services.record_measure(
            incident=directed,
            by=officer,
            body="Cử cán bộ Công an phường phối hợp chi bộ nắm tình hình, xác minh "
            "người vận động.",
        )
        services.direct_incident(
            incident=directed,
            by=standing,
            text="Đảng ủy Công an phường chủ trì, phối hợp Chi bộ Trần Hưng Đạo "
            "vận động các hộ, báo cáo Thường trực kết quả xác minh.",
            items=[
                (
                    police,
                    "Báo cáo kết quả xác minh người vận động ký đơn",
                    timezone.localdate() - datetime.timedelta(days=2),
                ),
                (
                    cell,
                    "Tổ chức đối thoại với các hộ ký đơn",
                    timezone.localdate() + datetime.timedelta(days=5),
                ),
            ],
        )
        _date_back(directed, 24 * 6)
    closed = new(
        officer,
        police,
        Kind.POLICE_REPORT,
        "Phát hiện đối tượng lừa đảo qua mạng hoạt động trên địa bàn",
        description="Đối tượng giả danh cán bộ ngân hàng gọi điện cho người cao tuổi.",
        place="Địa bàn các Khu dân cư Trần Hưng Đạo, Quang Trung",
        area=areas.get("ttatxh"),
        cells=[cell, cell2],
    )
    if closed is not None:
        services.acknowledge_incident(incident=closed, by=secretary)
        services.acknowledge_incident(incident=closed, by=secretary2)
        services.acknowledge_incident(incident=closed, by=standing)
        services.add_update(
            incident=closed,
            by=officer,
            body="Đã xác định và triệu tập đối tượng; thông báo trên loa truyền thanh.",
        )
        services.close_incident(
            incident=closed,
            by=officer,
            outcome="Đối tượng bị xử lý; không phát sinh thêm nạn nhân.",
        )
        _date_back(closed, 24 * 20)
    new(
        secretary,
        cell,
        Kind.OFFICER_CONDUCT,
        "Trao đổi về biểu hiện tư tưởng của một chiến sĩ cư trú tại địa bàn",
        description="Chiến sĩ có biểu hiện chán nản sau việc gia đình; đề nghị Đảng "
        "ủy Công an quan tâm, động viên.",
        place="Khu dân cư Trần Hưng Đạo",
        area=areas.get("luc-luong"),
    )
    if fresh is not None:
        _date_back(fresh, 0.5)
    return made


def overdue_items() -> int:
    return ActionItem.objects.filter(
        done_at__isnull=True, due_date__lt=timezone.localdate()
    ).count()
