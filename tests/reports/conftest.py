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


# --- The report on the regulation's implementation ------------------------------------------

JULY_15 = datetime.datetime(2026, 7, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def result_data(ward, h1_now, submitted_report, dossier, time_machine):  # noqa: F811
    """H1 2026 seen on 15 July: cell A reported on time (1 July), cell B late
    (15 July), the rest are missing; two requests sent on 1 July (the dossier,
    escalated once and directed; one still unanswered after its 5 July
    deadline); one serious urgent situation; cell A rated the police "Tốt"
    in one area for H1."""
    from coordination.assessments import services as assessment_services
    from coordination.assessments.models import RatingLevel
    from coordination.incidents import services as incident_services
    from coordination.models import Incident, RequestRecipient
    from regulations.models import Area

    late_request = make_request(
        by=ward.secretary_b,
        sender=ward.cell_b,
        recipients=[ward.police],
        subject="Đề nghị rà soát camera an ninh",
    )
    RequestRecipient.objects.filter(request=late_request).update(
        due_date=datetime.date(2026, 7, 5)
    )
    incident_services.create_incident(
        by=fresh(ward.secretary_a),
        reporter=ward.cell_a,
        kind=Incident.Kind.CELL_REPORT,
        title="Tụ tập đông người tại chợ",
        description="Khoảng 50 người tụ tập.",
        place="Chợ Khu dân cư A",
        started_at=timezone.now() - datetime.timedelta(minutes=20),
        severity=Incident.Severity.SERIOUS,
        report=True,
    )
    assessment_services.create_assessment(
        by=fresh(ward.secretary_a),
        cell=ward.cell_a,
        lines=[(Area.objects.get(code="anqg"), RatingLevel.objects.get(value=4), "")],
        round_=h1_now,
    )
    time_machine.move_to(JULY_15)
    late = report_of(h1_now, ward.cell_b)
    exchange_services.save_draft(
        report=late, by=fresh(ward.secretary_b), fields={"results": "Đã phối hợp."}
    )
    exchange_services.submit_report(
        report=report_of(h1_now, ward.cell_b), by=fresh(ward.secretary_b)
    )
    return h1_now


@pytest.fixture
def h1_draft(ward, result_data):
    from reports.models import ReportDraft

    return ReportDraft.objects.create(
        ward=ward.root,
        round=result_data,
        year=2026,
        created_by=ward.officer,
        assessment=SENTENCE,
        proposals="Đề nghị tăng cường giao ban hằng quý.",
        commendations="Khen thưởng Chi bộ Khu dân cư A.",
        criticisms="Phê bình Chi bộ Khu dân cư C chưa nộp báo cáo.",
    )


@pytest.fixture
def year_draft(ward, result_data):
    from reports.models import ReportDraft

    return ReportDraft.objects.create(
        ward=ward.root, year=2026, created_by=ward.officer
    )
