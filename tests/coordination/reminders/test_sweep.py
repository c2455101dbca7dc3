"""The reminder sweep: the ladder's stages on their days, only to those who
still owe, once per (item, stage, occurrence, person), one digest per person."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.exchanges import services as exchange_services
from coordination.models import (
    Membership,
    Notification,
    OutboundEmail,
    Reminder,
    ReminderPreference,
    ReminderStage,
)
from coordination.reminders import services
from coordination.reminders.models import Kind
from coordination.reminders.selectors import planned_reminders
from coordination.workdays import add_working_days
from tests.factories import make_request, make_user

from .conftest import fresh, report_of

D = datetime.date
# H1 2026 of the test ward: due Friday 10/07, locked Thursday 30/07.
SEVEN_BEFORE, THREE_BEFORE, ONE_BEFORE = D(2026, 7, 1), D(2026, 7, 7), D(2026, 7, 9)
DUE, OVERDUE, WEEK_LATER, TWO_BEFORE_LOCK = (
    D(2026, 7, 10),
    D(2026, 7, 13),
    D(2026, 7, 20),
    D(2026, 7, 28),
)


def reminded(kind=Kind.EXCHANGE, **filters) -> set[tuple[str, int]]:
    return {
        (r.user.username, r.item_id)
        for r in Reminder.objects.filter(stage__kind=kind, **filters).select_related(
            "user"
        )
    }


def owing_cell_a(ward) -> set[str]:
    return {"secretary_a", "deputy_a", "staff_a"}


def test_each_stage_of_an_exchange_report_on_its_day(ward, h1):
    report = report_of(h1, ward.cell_a)
    seen = []
    for day in (
        D(2026, 6, 30),
        SEVEN_BEFORE,
        D(2026, 7, 2),
        THREE_BEFORE,
        ONE_BEFORE,
        DUE,
        OVERDUE,
        D(2026, 7, 14),
        WEEK_LATER,
    ):
        services.send_reminders(day)
        rows = Reminder.objects.filter(
            item_id=report.pk, stage__kind=Kind.EXCHANGE, user=ward.secretary_a
        ).select_related("stage")
        seen.append((day, sorted((r.stage.offset, r.occurrence) for r in rows)))
    assert seen == [
        (D(2026, 6, 30), []),
        (SEVEN_BEFORE, [(-7, 0)]),
        (D(2026, 7, 2), [(-7, 0)]),  # nothing new between stages
        (THREE_BEFORE, [(-7, 0), (-3, 0)]),
        (ONE_BEFORE, [(-7, 0), (-3, 0), (-1, 0)]),
        (DUE, [(-7, 0), (-3, 0), (-1, 0), (0, 0)]),
        (OVERDUE, [(-7, 0), (-3, 0), (-1, 0), (0, 0), (1, 0)]),
        (D(2026, 7, 14), [(-7, 0), (-3, 0), (-1, 0), (0, 0), (1, 0)]),
        (WEEK_LATER, [(-7, 0), (-3, 0), (-1, 0), (0, 0), (1, 0), (1, 1)]),
    ]


def test_only_the_owing_organisations_people_once_and_not_after_submitting(ward, h1):
    services.send_reminders(SEVEN_BEFORE)
    report_a = report_of(h1, ward.cell_a)
    assert {u for u, item in reminded() if item == report_a.pk} == owing_cell_a(ward)
    # Members without a role, other cells' people and the ward bodies: nothing
    # about cell A's report.
    assert not {u for u, item in reminded() if item == report_a.pk} & {
        "member_a",
        "secretary_b",
        "officer",
        "office_staff",
        "standing_member",
    }
    police_report = report_of(h1, ward.police)
    assert {u for u, item in reminded() if item == police_report.pk} == {
        "officer",
        "police_staff",
    }
    # Run again the same day: nothing new, no second e-mail.
    count, emails = Reminder.objects.count(), OutboundEmail.objects.count()
    result = services.send_reminders(SEVEN_BEFORE)
    assert (result.reminders, result.emails) == (0, 0)
    assert (Reminder.objects.count(), OutboundEmail.objects.count()) == (count, emails)
    # Cell A submits: its people hear no more; cell B's still do.
    exchange_services.save_draft(
        report=report_a, by=fresh(ward.secretary_a), fields={"results": "Đã làm"}
    )
    exchange_services.submit_report(
        report=report_a, by=fresh(ward.secretary_a), today=D(2026, 7, 2)
    )
    services.send_reminders(THREE_BEFORE)
    later = reminded(for_date=THREE_BEFORE)
    assert not {u for u, _item in later} & owing_cell_a(ward)
    assert ("secretary_b", report_of(h1, ward.cell_b).pk) in later


def test_checked_again_at_send_time(ward, h1, monkeypatch):
    """Planned while owed, submitted before the batch is written: not sent."""
    from coordination.reminders import selectors

    report_a = report_of(h1, ward.cell_a)
    real_plan = selectors.planned_reminders

    def plan_then_submit(today, **kwargs):
        dues = real_plan(today, **kwargs)
        exchange_services.save_draft(
            report=report_a, by=fresh(ward.secretary_a), fields={"results": "x"}
        )
        exchange_services.submit_report(
            report=report_a, by=fresh(ward.secretary_a), today=today
        )
        return dues

    monkeypatch.setattr(services, "planned_reminders", plan_then_submit)
    result = services.send_reminders(SEVEN_BEFORE)
    assert result.no_longer_owed >= 3
    assert not Reminder.objects.filter(item_id=report_a.pk, stage__kind=Kind.EXCHANGE)


def test_one_digest_per_person_for_two_owing_organisations(ward, h1):
    Membership.objects.create(
        user=ward.secretary_a,
        organization=ward.cell_b,
        position=Membership.Position.DEPUTY_SECRETARY,
        start_date=D(2026, 1, 1),
    )
    services.send_reminders(SEVEN_BEFORE)
    mine = OutboundEmail.objects.filter(to=[ward.secretary_a.email])
    assert mine.count() == 1
    body = mine.get().body
    assert "Chi bộ Khu dân cư A" in body and "Chi bộ Khu dân cư B" in body
    assert "10/07/2026" in body and "còn 7 ngày làm việc" in body
    assert Reminder.objects.filter(user=ward.secretary_a).count() == 2
    # In the product too, one notice for the day listing both reports.
    note = Notification.objects.get(
        user=ward.secretary_a, title__startswith="Nhắc việc"
    )
    assert "Chi bộ Khu dân cư A" in note.body and "Chi bộ Khu dân cư B" in note.body


def test_email_preference_off_keeps_the_in_app_notice(ward, h1):
    services.set_preferences(user=ward.secretary_a, email_kinds={Kind.REQUEST})
    services.send_reminders(SEVEN_BEFORE)
    assert not OutboundEmail.objects.filter(to=[ward.secretary_a.email]).exists()
    row = Reminder.objects.get(user=ward.secretary_a)
    assert row.email is None
    assert Notification.objects.filter(
        user=ward.secretary_a, title__startswith="Nhắc việc"
    ).exists()
    assert OutboundEmail.objects.filter(to=[ward.deputy_a.email]).exists()
    assert (
        ReminderPreference.objects.get(user=ward.secretary_a, kind=Kind.EXCHANGE).email
        is False
    )


def test_inactive_users_and_ended_memberships_are_not_reminded(ward, h1):
    ward.deputy_a.is_active = False
    ward.deputy_a.save(update_fields=["is_active"])
    Membership.objects.filter(user=ward.staff_a).update(end_date=D(2026, 6, 30))
    services.send_reminders(SEVEN_BEFORE)
    report_a = report_of(h1, ward.cell_a)
    assert {u for u, item in reminded() if item == report_a.pk} == {"secretary_a"}


def test_missing_list_two_working_days_before_the_lock(ward, h1):
    for org, user in ((ward.cell_a, ward.secretary_a), (ward.police, ward.officer)):
        report = report_of(h1, org)
        exchange_services.save_draft(
            report=report, by=fresh(user), fields={"results": "x"}
        )
        exchange_services.submit_report(report=report, by=fresh(user), today=DUE)
    services.send_reminders(D(2026, 7, 27))
    assert not Reminder.objects.filter(stage__kind=Kind.EXCHANGE_MISSING)
    services.send_reminders(TWO_BEFORE_LOCK)
    rows = Reminder.objects.filter(stage__kind=Kind.EXCHANGE_MISSING)
    assert {r.user.username for r in rows} == {"office_staff", "standing_member"}
    email = OutboundEmail.objects.get(to=[ward.office_staff.email])
    assert "Chi bộ Khu dân cư B" in email.body and "Chi bộ Khu dân cư C" in email.body
    assert "Chi bộ Khu dân cư A" not in email.body
    # After the lock nobody is reminded of the report any more.
    services.send_reminders(D(2026, 7, 31))
    assert not Reminder.objects.filter(for_date=D(2026, 7, 31))


def _request_due_in_ten_working_days(ward, sent_on):
    request = make_request(
        by=fresh(ward.officer), sender=ward.police, recipients=[ward.cell_b]
    )
    recipient = request.recipients.get()
    # Sent on ``sent_on`` with a 10-working-day window.
    request.sent_at = datetime.datetime.combine(
        sent_on, datetime.time(9), tzinfo=datetime.UTC
    )
    request.save(update_fields=["sent_at"])
    recipient.due_date = add_working_days(sent_on, 10)
    recipient.save(update_fields=["due_date"])
    return request, recipient


def test_request_stages_and_the_overdue_notice_to_sender_and_office(ward):
    request, recipient = _request_due_in_ten_working_days(ward, D(2026, 10, 1))
    # Window Thu 01/10 → Thu 15/10: 50 % on the 5th working day (08/10), 80 %
    # on the 8th (13/10), the deadline, then the next working day.
    assert recipient.due_date == D(2026, 10, 15)
    days = {}
    for day in (
        D(2026, 10, 7),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 13),
        D(2026, 10, 15),
        D(2026, 10, 16),
    ):
        services.send_reminders(day)
        days[day] = {
            (r.stage.anchor, r.stage.offset)
            for r in Reminder.objects.filter(
                item_id=recipient.pk, stage__kind=Kind.REQUEST, for_date=day
            ).select_related("stage")
        }
    assert [day for day, stages in days.items() if stages] == [
        D(2026, 10, 8),
        D(2026, 10, 13),
        D(2026, 10, 15),
        D(2026, 10, 16),
    ]
    assert [stages for stages in days.values() if stages] == [
        {("window", 50)},
        {("window", 80)},
        {("due", 0)},
        {("due", 1)},
    ]
    overdue = Reminder.objects.filter(
        item_id=recipient.pk, stage__kind=Kind.REQUEST, stage__offset=1
    )
    assert {r.user.username for r in overdue} == {
        "secretary_b",
        "officer",
        "police_staff",
        "office_staff",
    }
    assert request.pk  # the sender is told too


def test_a_classified_item_names_no_subject_nor_deadline(ward):
    ward.secretary_b.clearance = 1
    ward.secretary_b.save(update_fields=["clearance"])
    request = make_request(
        by=fresh(ward.cleared_officer),
        sender=ward.police,
        recipients=[ward.cell_b],
        subject="Chuyên án bí mật XYZ",
        confidentiality=1,
    )
    recipient = request.recipients.get()
    due = recipient.due_date
    services.send_reminders(due)
    emails = list(OutboundEmail.objects.filter(subject__startswith="Nhắc việc"))
    notes = Notification.objects.filter(title__startswith="Nhắc việc")
    assert len(emails) == 1 and emails[0].to == [ward.secretary_b.email]
    assert notes.count() == 1
    texts = [emails[0].subject, emails[0].body, notes[0].title, notes[0].body]
    assert not any("XYZ" in t for t in texts)
    # The deadline (here: today, which the subject's date names) is nowhere
    # in the list of items.
    assert f"{due:%d/%m/%Y}" not in emails[0].body.split("\n", 1)[1]
    assert f"{due:%d/%m/%Y}" not in notes[0].body
    assert "Văn bản Mật #" in notes[0].body


def test_queries_do_not_grow_with_items(ward, h1, django_assert_max_num_queries):
    def sweep_queries(day):
        with CaptureQueriesContext(connection) as ctx:
            services.send_reminders(day)
        return len(ctx.captured_queries)

    few = sweep_queries(SEVEN_BEFORE)
    for n in range(6):
        other = make_user(f"extra_{n}", org=ward.cell_c)
        assert other
        _request_due_in_ten_working_days(ward, D(2026, 7, 1))
    many = sweep_queries(THREE_BEFORE)
    assert (
        Reminder.objects.filter(for_date=THREE_BEFORE).count()
        > Reminder.objects.filter(for_date=SEVEN_BEFORE).count()
    )
    assert many <= few + 2  # the request kind's own recheck query, and its sender


def test_dry_run_prints_and_writes_nothing(ward, h1):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2026-07-01", stdout=out)
    text = out.getvalue()
    assert "secretary_a" in text and "7 ngày làm việc trước hạn" in text
    assert not Reminder.objects.exists() and not OutboundEmail.objects.exists()
    call_command("send_reminders", "--date", "2026-07-01", stdout=StringIO())
    assert Reminder.objects.exists()
    assert not planned_reminders(SEVEN_BEFORE)  # all sent


def test_a_disabled_stage_is_skipped(ward, h1):
    ReminderStage.objects.filter(kind=Kind.EXCHANGE, offset=-7).update(enabled=False)
    services.send_reminders(SEVEN_BEFORE)
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("day", "sent"),
    [(D(2026, 7, 1), True), (D(2026, 7, 4), False), (D(2026, 9, 2), False)],
)
def test_the_task_sends_on_working_days_only(ward, h1, day, sent):
    from coordination.reminders.tasks import send_reminders_task

    ReminderStage.objects.filter(kind=Kind.EXCHANGE, offset=-7).update(repeat_days=1)
    assert bool(send_reminders_task(day.isoformat())) is sent


def test_calendar_entries_are_reminded_to_the_ward_bodies(ward, ward_regulation):
    from coordination.calendar.services import ensure_entries
    from coordination.models import CalendarEntry

    ensure_entries(2026, wards=[ward.root])
    festival = CalendarEntry.objects.filter(
        ward=ward.root, proposed_date=D(2026, 8, 19)
    ).first()
    # 7 working days before Wednesday 19/08: Monday 10/08.
    services.send_reminders(D(2026, 8, 7))
    assert not Reminder.objects.filter(stage__kind=Kind.CALENDAR)
    services.send_reminders(D(2026, 8, 10))
    rows = Reminder.objects.filter(stage__kind=Kind.CALENDAR, item_id=festival.pk)
    assert {r.user.username for r in rows} == {
        "office_staff",
        "standing_member",
        "officer",
        "police_staff",
    }
    email = OutboundEmail.objects.get(to=[ward.office_staff.email])
    assert festival.title in email.body
    assert "19/08/2026" in email.body and "/lich/?year=2026&month=8" in email.body
    services.send_reminders(D(2026, 8, 19))
    assert Reminder.objects.filter(
        stage__kind=Kind.CALENDAR, item_id=festival.pk, stage__offset=0
    ).exists()
