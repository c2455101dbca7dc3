"""Coordination-request e-mails end to end: a transition commits on PostgreSQL →
send_email_task through Redis → a real Celery worker → SMTP sink. Vietnamese,
with a link; a classified request's subject never leaves the system."""

from coordination.requests import transitions
from tests.factories import make_request

from .conftest import wait_for


def test_answer_mails_the_senders_leaders_in_vietnamese(
    celery_worker_process, smtp_sink, ward
):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Đề nghị phối hợp tuần tra khu dân cư A",
    )
    assert wait_for(lambda: len(smtp_sink.messages) >= 1, timeout=40)
    transitions.answer_request(
        recipient=req.recipients.get(), by=ward.officer, body="Đã bố trí tuần tra."
    )
    # each side's leaders and support staff (ward Điều 12.2)
    assert wait_for(lambda: len(smtp_sink.messages) >= 5, timeout=40)
    by_rcpt = {tuple(rcpt): msg for rcpt, msg in smtp_sink.messages}
    assert set(by_rcpt) == {
        ("officer@example.test",),
        ("police_staff@example.test",),
        ("secretary_a@example.test",),
        ("deputy_a@example.test",),
        ("staff_a@example.test",),
    }
    answer_mail = by_rcpt[("secretary_a@example.test",)]
    assert "đã trả lời" in answer_mail["Subject"]
    assert "Đề nghị phối hợp tuần tra khu dân cư A" in answer_mail["Subject"]
    assert req.get_absolute_url() in answer_mail.get_content()


def test_classified_request_mail_carries_only_a_placeholder(
    celery_worker_process, smtp_sink, ward
):
    ward.secretary_a.clearance = 1
    ward.secretary_a.save()
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject="Danh sách đối tượng trọng điểm",
        content="Nội dung mật",
        confidentiality=1,
    )
    assert wait_for(lambda: smtp_sink.messages, timeout=40)
    wait_for(lambda: len(smtp_sink.messages) > 1, timeout=3)
    rcpts = [tuple(r) for r, _m in smtp_sink.messages]
    assert rcpts == [("secretary_a@example.test",)]  # the uncleared deputy gets none
    message = smtp_sink.messages[0][1]
    text = message["Subject"] + message.get_content()
    assert f"Văn bản Mật #{req.pk}" in text
    assert "Danh sách đối tượng" not in text
    assert "Nội dung mật" not in text
