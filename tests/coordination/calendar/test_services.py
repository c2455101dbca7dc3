"""Entries from the regulation's data (both regulations), idempotence, the
ward's confirmation of a date, the command and the beat task."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from coordination.calendar import services, tasks
from coordination.calendar.models import CalendarEntry
from coordination.models import Organization, Term
from regulations.models import Regulation
from tests.factories import make_org

Kind = CalendarEntry.Kind
# Ward regulation: 19/8 festival (8.1.a, 8.2.b), the "Công an lắng nghe ý kiến
# Nhân dân" conference (7.2.e), quality rating (7.1.đ, 7.2.b), budget plan
# (9.2.a), yearly review (11.1); the exchange (10.1, 12.2) has its own rounds.
WARD_YEARLY = {
    "d7-k1-dd",
    "d7-k2-b",
    "d7-k2-e",
    "d8-k1-a",
    "d8-k2-b",
    "d9-k2-a",
    "d11-k1",
}


VN = ZoneInfo("Asia/Ho_Chi_Minh")


def refs(ward_root, year):
    return set(
        CalendarEntry.objects.filter(ward=ward_root, year=year).values_list(
            "provision__ref", flat=True
        )
    )


def test_ward_entries_come_from_the_regulation(ward, ward_regulation):
    created = services.ensure_entries(2026, wards=[ward.root])
    assert {e.provision.ref for e in created} == WARD_YEARLY
    entries = {e.provision.ref: e for e in CalendarEntry.objects.filter(ward=ward.root)}
    # The dated one gets the day of the year it names; the others wait for
    # the ward.
    for ref in ("d8-k1-a", "d8-k2-b"):
        assert entries[ref].proposed_date == datetime.date(2026, 8, 19)
        assert entries[ref].title.startswith("Ngày hội toàn dân bảo vệ AN")
    assert entries["d8-k1-a"].title == "Ngày hội toàn dân bảo vệ ANTQ"
    for ref in WARD_YEARLY - {"d8-k1-a", "d8-k2-b"}:
        assert entries[ref].proposed_date is None, ref
    assert "Công an lắng nghe ý kiến Nhân dân" in entries["d7-k2-e"].title
    assert "xếp loại chất lượng hằng năm" in entries["d7-k1-dd"].title
    assert all(len(e.title) <= services.TITLE_LENGTH for e in entries.values())
    assert {e.kind for e in entries.values()} == {Kind.YEARLY}
    assert all(e.confirmed_date is None for e in entries.values())


def test_end_of_term_review_only_in_the_last_year_of_the_term(ward, ward_regulation):
    for year in (2026, 2029, 2030):
        services.ensure_entries(year, wards=[ward.root])
    assert "d11-k2" not in refs(ward.root, 2026)
    assert "d11-k2" not in refs(ward.root, 2029)
    assert refs(ward.root, 2030) == WARD_YEARLY | {"d11-k2"}
    review = CalendarEntry.objects.get(
        ward=ward.root, year=2030, provision__ref="d11-k2"
    )
    assert review.kind == Kind.END_OF_TERM
    assert review.proposed_date is None
    assert "năm cuối nhiệm kỳ" in review.title


def test_a_ward_without_a_term_has_no_end_of_term_entry(ward, ward_regulation):
    Term.objects.filter(organization=ward.root).delete()
    services.ensure_entries(2030, wards=[ward.root])
    assert "d11-k2" not in refs(ward.root, 2030)


def test_ensure_entries_is_idempotent(ward, ward_regulation):
    first = services.ensure_entries(2030, wards=[ward.root])
    rows = list(CalendarEntry.objects.order_by("pk").values_list("pk", "provision"))
    assert len(first) == len(WARD_YEARLY) + 1
    assert services.ensure_entries(2030, wards=[ward.root]) == []
    assert services.ensure_entries(2030) == []  # every ward: the same
    assert (
        list(CalendarEntry.objects.order_by("pk").values_list("pk", "provision"))
        == rows
    )


def test_a_confirmed_date_survives_another_run(ward, ward_regulation):
    services.ensure_entries(2026, wards=[ward.root])
    entry = CalendarEntry.objects.get(ward=ward.root, provision__ref="d11-k1")
    services.confirm_entry(
        entry=entry, by=ward.standing_member, date=datetime.date(2026, 12, 15)
    )
    services.ensure_entries(2026, wards=[ward.root])
    entry.refresh_from_db()
    assert entry.confirmed_date == datetime.date(2026, 12, 15)


def test_province_regulation_works_too(db, ward_regulation):
    root = make_org("Đảng bộ tỉnh Thử", kind=Organization.Kind.PROVINCE_COMMITTEE)
    province = Regulation.objects.get(code="qc-tinh-810-2023", status="in_force")
    province.organization = root
    province.save(update_fields=["organization"])
    Term.objects.create(organization=root, start_year=2020, end_year=2025)
    services.ensure_entries(2024, wards=[root])
    services.ensure_entries(2025, wards=[root])
    yearly = {"d4-k2-g1", "d5-k1-g2", "d7-k1"}
    assert refs(root, 2024) == yearly
    assert refs(root, 2025) == yearly | {"d7-k2"}
    titles = set(
        CalendarEntry.objects.filter(ward=root, year=2024).values_list(
            "title", flat=True
        )
    )
    assert any("xếp loại chất lượng hàng năm" in t for t in titles)
    assert any(t.startswith("Hằng năm hoặc khi cần thiết") for t in titles)


def test_a_ward_without_a_regulation_gets_nothing(db):
    root = make_org("Đảng bộ phường Chưa Có", kind=Organization.Kind.WARD_COMMITTEE)
    assert services.ensure_entries(2026, wards=[root]) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("tổ chức “Ngày hội” (19/8 hằng năm) ở cấp phường", datetime.date(2026, 8, 19)),
        ("phối hợp tổ chức (ngày 19/8 hằng năm).", datetime.date(2026, 8, 19)),
        ("tổ chức vào ngày 19 tháng 8 hằng năm", datetime.date(2026, 8, 19)),
        ("Nghị quyết số 01-NQ/TU, ngày 08/11/2025 của Ban Chấp hành", None),
        ("Quy định số 294-QĐ/TW, ngày 26/5/2025", None),
        ("ngày 3 tháng 2 năm 2025", None),
        ("Hằng năm, tổ chức họp rút kinh nghiệm", None),
        ("ngày 29/2 hằng năm", None),  # 2026 is a common year
        ("ngày 45/8", None),
    ],
)
def test_proposed_day(text, expected):
    assert services.proposed_day(text, 2026) == expected


# --- Confirming a date -------------------------------------------------------------------


@pytest.fixture
def entry(ward, ward_regulation):
    services.ensure_entries(2026, wards=[ward.root])
    return CalendarEntry.objects.get(ward=ward.root, provision__ref="d9-k2-a")


@pytest.mark.parametrize("role", ["standing_member", "office_staff", "admin"])
def test_the_standing_committee_or_office_confirms(ward, entry, role):
    user = getattr(ward, role)
    day = datetime.date(2026, 11, 20)
    services.confirm_entry(entry=entry, by=user, date=day, note="  Phòng họp số 2 ")
    entry.refresh_from_db()
    assert entry.confirmed_date == day
    assert entry.confirmed_by == user
    assert entry.confirmed_at is not None
    assert entry.note == "Phòng họp số 2"
    assert entry.history.first().history_user == user
    # Moving it later is the same service.
    services.confirm_entry(entry=entry, by=user, date=datetime.date(2026, 11, 27))
    entry.refresh_from_db()
    assert entry.confirmed_date == datetime.date(2026, 11, 27)
    assert entry.history.count() == 3


@pytest.mark.parametrize(
    "role",
    [
        "secretary_a",
        "deputy_a",
        "member_a",
        "staff_a",
        "officer",
        "cleared_officer",
        "police_staff",
        "ward_member",
    ],
)
def test_others_may_not_confirm(ward, entry, role):
    with pytest.raises(services.NotAllowed, match="Chỉ Thường trực, Văn phòng"):
        services.confirm_entry(
            entry=entry, by=getattr(ward, role), date=datetime.date(2026, 11, 20)
        )
    entry.refresh_from_db()
    assert entry.confirmed_date is None


def test_another_wards_office_may_not_confirm(ward, entry, other_ward):
    office = Organization.objects.get(kind="office", parent=other_ward["root"])
    from tests.factories import make_user

    clerk = make_user("bc_clerk", org=office, position="staff")
    with pytest.raises(services.NotAllowed):
        services.confirm_entry(entry=entry, by=clerk, date=datetime.date(2026, 5, 5))


def test_a_date_outside_the_year_is_refused(ward, entry):
    with pytest.raises(services.CalendarError, match="trong năm 2026"):
        services.confirm_entry(
            entry=entry, by=ward.standing_member, date=datetime.date(2027, 1, 5)
        )


# --- Command and task ----------------------------------------------------------------------


def test_command_with_year_twice_creates_nothing_more(ward, ward_regulation):
    out = StringIO()
    call_command("create_calendar_entries", "--year", "2026", stdout=out)
    assert f"Đã tạo {len(WARD_YEARLY)} việc" in out.getvalue()
    out = StringIO()
    call_command("create_calendar_entries", "--year", "2026", stdout=out)
    assert "Đã tạo 0 việc" in out.getvalue()


def test_beat_task_creates_this_years_and_from_december_next_years(
    ward, ward_regulation, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=VN))
    tasks.create_entries_task.delay()  # eager in the unit tests
    assert refs(ward.root, 2026) == WARD_YEARLY
    assert refs(ward.root, 2027) == WARD_YEARLY
    assert tasks.create_entries_task() == 0
