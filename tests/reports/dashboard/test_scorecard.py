"""A cell's scorecard: its timeliness, what it owes, its side's duties with
or without evidence; and what waits for the standing committee's direction
on the overview, with its age."""

import datetime

from django.urls import reverse

from coordination.requests import escalation
from tests.factories import make_not_agreed
from tests.reports.conftest import fresh, report_of

from .conftest import get


def test_cell_scorecard_timeliness_and_duties(client, ward, result_data, h1_key):
    a = get(
        client,
        ward.secretary_a,
        "reports:dashboard-cell",
        ward.cell_a.pk,
        period=h1_key,
    )
    assert a.status_code == 200
    row = a.context["timeliness"].rows[0]
    report_a = report_of(result_data, ward.cell_a)
    assert (row[3].text, row[3].css) == ("Đúng hạn", "on_time")
    assert row[3].url == reverse("coordination:exchange-detail", args=[report_a.pk])
    # Cell A wrote every duty of its side: all have evidence.
    assert a.context["coverage"].rows and a.context["no_evidence"].rows == []
    assert {r[1].text for r in a.context["coverage"].rows} == {
        "Các chi, đảng bộ trực thuộc Đảng ủy phường"
    }
    # Cell B submitted late and wrote no duty: every duty of its side listed,
    # each linking to its provision.
    b = get(
        client,
        ward.standing_member,
        "reports:dashboard-cell",
        ward.cell_b.pk,
        period=h1_key,
    )
    assert b.context["timeliness"].rows[0][3].css == "late"
    assert len(b.context["no_evidence"].rows) == len(b.context["coverage"].rows) > 0
    assert all(
        r[0].url.startswith("/quy-che/") or "/d/" in r[0].url
        for r in b.context["no_evidence"].rows
    )


def test_cell_owes_its_missing_report(client, ward, result_data):
    c = get(client, ward.office_staff, "reports:dashboard-cell", ward.cell_c.pk)
    rows = c.context["obligations"].values()
    h1_row = [r for r in rows if r[1] == result_data.label]
    assert h1_row and h1_row[0][3] == "Quá hạn"
    assert c.context["obligations"].rows[0][1].url == reverse(
        "coordination:exchange-detail", args=[report_of(result_data, ward.cell_c).pk]
    )


def test_escalated_request_waits_for_direction_with_its_age(
    client, ward, result_data, time_machine
):
    rec = make_not_agreed(ward)
    rec.refresh_from_db()
    escalation.escalate_request(
        recipient=rec, by=fresh(ward.secretary_a), sender_position="Giữ đề nghị."
    )
    time_machine.move_to(datetime.datetime(2026, 7, 20, 9, 0, tzinfo=datetime.UTC))
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period="year-2026"
    )
    rows = response.context["tables"]["awaiting_direction"].rows
    assert len(rows) == 1
    assert rows[0][0].url == reverse(
        "coordination:request-detail", args=[rec.request_id]
    )
    assert rows[0][3].text == "15/07/2026" and rows[0][4].text == "5"


def test_due_in_the_next_ten_working_days(client, ward, result_data):
    from coordination.workdays import add_working_days
    from tests.factories import make_request

    req = make_request(
        by=ward.secretary_b,
        sender=ward.cell_b,
        recipients=[ward.police],
        subject="Đề nghị phối hợp kiểm tra nhà trọ",
    )
    due = req.recipients.get().due_date
    today = datetime.date(2026, 7, 15)
    assert today <= due <= add_working_days(today, 10)
    response = get(client, ward.standing_member, "reports:dashboard-overview")
    rows = response.context["tables"]["due_soon"].rows
    found = [r for r in rows if r[1].text == req.subject]
    assert len(found) == 1
    assert found[0][1].url == reverse("coordination:request-detail", args=[req.pk])
    assert found[0][2].text == ward.police.name
    assert found[0][3].text == due.strftime("%d/%m/%Y")
    # The overdue one (due 5 July) is not "due soon".
    assert all(r[1].text != "Đề nghị rà soát camera an ninh" for r in rows)
