import datetime

import pytest
from django.utils import timezone

from coordination.exchanges import services as exchange_services
from coordination.exchanges.selectors import report_duties
from coordination.models import CoordinationRequest
from coordination.requests import escalation, transitions
from tests.coordination.exchanges.conftest import (  # noqa: F401
    fresh,
    h1,
    h1_now,
    july,
    report_of,
    rounds,
    ward_regulation,
)
from tests.factories import make_org, make_request, make_user

# Every class of Vietnamese diacritic: the five tones (sắc, huyền, hỏi, ngã,
# nặng) on plain and modified vowels (ă â ê ô ơ ư) and đ.
SENTENCE = (
    "Đảng ủy Công an phường đã phối hợp chặt chẽ: rà soát, nắm tình hình, "
    "giữ vững ổn định; ưu tiên mở rộng, kỹ lưỡng, bảo đảm an toàn."
)


@pytest.fixture
def submitted_report(ward, h1_now):  # noqa: F811
    """Cell A's H1 report to the police committee, written for every duty and
    submitted on 1 July 2026."""
    report = report_of(h1_now, ward.cell_a)
    duties = report_duties(report)
    exchange_services.save_draft(
        report=report,
        by=fresh(ward.secretary_a),
        fields={
            "results": SENTENCE,
            "difficulties": "Lực lượng mỏng <b>không đậm</b> & thiếu phương tiện.",
            "proposals": "Đề nghị tăng cường tuần tra ban đêm.",
        },
        entries={
            d.pk: f"Đã thực hiện nhiệm vụ {i}: tuyên truyền, vận động nhân dân."
            for i, d in enumerate(duties, start=1)
        },
    )
    report = report_of(h1_now, ward.cell_a)
    exchange_services.submit_report(report=report, by=fresh(ward.secretary_a))
    return report_of(h1_now, ward.cell_a)


@pytest.fixture
def dossier(ward):
    """An important request from cell A to the police committee: answered,
    met on without agreement, escalated with both positions and directed."""
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Phối hợp bảo đảm an ninh, trật tự lễ hội đình làng",
        content=SENTENCE,
        priority=CoordinationRequest.Priority.IMPORTANT,
    )
    rec = req.recipients.get(organization=ward.police)
    transitions.receive_request(recipient=rec, by=ward.officer)
    rec.refresh_from_db()
    transitions.answer_request(
        recipient=rec, by=ward.officer, body="Công an phường cử tổ công tác hỗ trợ."
    )
    rec.refresh_from_db()
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.secretary_a,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Hội trường Đảng ủy",
        sender_participants="Bí thư, Phó Bí thư chi bộ",
        recipient_participants="Bí thư Đảng ủy Công an phường",
    )
    rec.refresh_from_db()
    escalation.record_meeting_outcome(
        recipient=rec,
        by=ward.officer,
        agreed=False,
        minutes="Hai bên chưa thống nhất về lực lượng trực đêm.",
    )
    rec.refresh_from_db()
    escalation.escalate_request(
        recipient=rec,
        by=ward.secretary_a,
        sender_position="Chi bộ đề nghị bố trí trực 24/24.",
    )
    rec.refresh_from_db()
    escalation.record_position(
        recipient=rec,
        by=ward.officer,
        position="Công an phường bố trí trực đến 22 giờ.",
    )
    rec.refresh_from_db()
    escalation.direct_request(
        recipient=rec,
        by=ward.standing_member,
        text="Thống nhất bố trí trực 24/24 trong ba ngày lễ hội.",
    )
    return CoordinationRequest.objects.get(pk=req.pk)


@pytest.fixture
def outsider(db):
    """The secretary of a cell in another ward."""
    other = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    cell = make_org("Chi bộ Khu dân cư Khác", parent=other, code="khac-cell")
    return make_user("outsider", org=cell)
