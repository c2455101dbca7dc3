"""The month view, confirming on the page, who sees which ward, and the
iCalendar feed (no login, only the user's own wards, generic titles)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from coordination.calendar import services
from coordination.calendar.models import CalendarEntry, CalendarFeedToken
from coordination.confidentiality import Confidentiality
from tests.factories import make_request

AUG_10 = datetime.datetime(2026, 8, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
MONTH = reverse("coordination:calendar-month")


@pytest.fixture
def entries(ward, ward_regulation, other_ward, time_machine):
    """Seen on 10 August 2026: both wards' 2026 entries."""
    time_machine.move_to(AUG_10)
    services.ensure_entries(2026, wards=[ward.root])
    services.ensure_entries(2026, wards=[other_ward["root"]], fallback=ward_regulation)
    return {e.provision.ref: e for e in CalendarEntry.objects.filter(ward=ward.root)}


def feed_url(user) -> str:
    token = services.feed_token(user)
    return reverse("coordination:calendar-feed", kwargs={"token": token.token})


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    return list(cal.walk("VEVENT"))


# --- Month view ------------------------------------------------------------------------------


def test_month_view_shows_the_grid_with_today_and_the_dated_entries(
    client, ward, entries
):
    client.force_login(ward.secretary_a)
    response = client.get(MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Thứ Hai", "Thứ Bảy", "Chủ nhật"):
        assert name in page
    assert "Tháng 8 năm 2026" in page
    assert 'aria-current="date"' in page and "calendar-day--today" in page
    assert "Ngày hội toàn dân bảo vệ ANTQ" in page
    assert "(dự kiến)" in page
    assert f"?ward={ward.root.pk}&amp;year=2026&amp;month=7" in page
    assert f"?ward={ward.root.pk}&amp;year=2026&amp;month=9" in page
    # Undated entries are listed above, without a form for a cell secretary.
    assert "Chưa chốt ngày trong năm 2026" in page
    assert "kế hoạch phân bổ vốn hằng năm" in page
    assert "Chọn ngày" not in page
    assert "/lich/ical/" in page and "Tạo lại liên kết" in page


def test_month_parameters_are_checked(client, ward, entries):
    client.force_login(ward.secretary_a)
    page = client.get(MONTH, {"year": "2026", "month": "12"}).content.decode()
    assert "Tháng 12 năm 2026" in page
    page = client.get(MONTH, {"year": "x", "month": "13"}).content.decode()
    assert "Tháng 8 năm 2026" in page  # the current month


def test_the_standing_committee_chooses_a_date_on_the_page(client, ward, entries):
    client.force_login(ward.standing_member)
    page = client.get(MONTH).content.decode()
    assert "Chọn ngày" in page
    entry = entries["d11-k1"]
    url = reverse("coordination:calendar-confirm", kwargs={"pk": entry.pk})
    response = client.post(
        url,
        {f"e{entry.pk}-date": "2026-12-15", f"e{entry.pk}-note": "Hội trường"},
    )
    assert response.status_code == 302
    assert "year=2026&month=12" in response["Location"]
    entry.refresh_from_db()
    assert entry.confirmed_date == datetime.date(2026, 12, 15)
    assert entry.confirmed_by == ward.standing_member
    page = client.get(response["Location"]).content.decode()
    assert "Đã chốt ngày 15/12/2026" in page
    assert "Đổi ngày" in page and "Hội trường" in page


def test_a_bad_date_is_refused_with_a_message(client, ward, entries):
    client.force_login(ward.office_staff)
    entry = entries["d9-k2-a"]
    url = reverse("coordination:calendar-confirm", kwargs={"pk": entry.pk})
    response = client.post(url, {f"e{entry.pk}-date": "2027-01-04"}, follow=True)
    assert "Xin chọn một ngày trong năm 2026" in response.content.decode()
    response = client.post(url, {f"e{entry.pk}-date": ""}, follow=True)
    assert "Xin chọn ngày" in response.content.decode()
    entry.refresh_from_db()
    assert entry.confirmed_date is None


def test_a_cell_secretary_may_not_confirm(client, ward, entries):
    client.force_login(ward.secretary_a)
    entry = entries["d9-k2-a"]
    url = reverse("coordination:calendar-confirm", kwargs={"pk": entry.pk})
    assert client.post(url, {f"e{entry.pk}-date": "2026-11-20"}).status_code == 403
    entry.refresh_from_db()
    assert entry.confirmed_date is None


def test_another_wards_user_gets_404(client, ward, entries, other_ward):
    client.force_login(other_ward["secretary"])
    # Her own ward's calendar opens; ours does not exist for her.
    page = client.get(MONTH).content.decode()
    assert "Đảng bộ phường Bên Cạnh" in page
    assert client.get(MONTH, {"ward": ward.root.pk}).status_code == 404
    entry = entries["d9-k2-a"]
    url = reverse("coordination:calendar-confirm", kwargs={"pk": entry.pk})
    assert client.post(url, {f"e{entry.pk}-date": "2026-11-20"}).status_code == 404


def test_the_administrator_chooses_any_ward(client, ward, entries, other_ward):
    client.force_login(ward.admin)
    page = client.get(MONTH, {"ward": other_ward["root"].pk}).content.decode()
    assert 'id="ward-select"' in page
    assert "Đảng bộ phường Bên Cạnh" in page


def test_a_user_without_an_organisation_sees_an_empty_page(client, entries):
    from tests.factories import make_user

    client.force_login(make_user("no_org"))
    response = client.get(MONTH)
    assert response.status_code == 200
    assert "chưa thuộc tổ chức nào" in response.content.decode()
    assert client.get(MONTH, {"ward": 1}).status_code == 404


# --- The feed --------------------------------------------------------------------------------


def test_feed_opens_without_login_and_parses(client, ward, entries):
    services.confirm_entry(
        entry=entries["d11-k1"],
        by=ward.standing_member,
        date=datetime.date(2026, 12, 15),
    )
    url = feed_url(ward.secretary_a)
    response = client.get(url)  # not logged in
    found = events(response)
    summaries = {str(e["SUMMARY"]): e for e in found}
    festival = summaries["Ngày hội toàn dân bảo vệ ANTQ (dự kiến)"]
    assert festival.decoded("DTSTART") == datetime.date(2026, 8, 19)
    assert str(festival["STATUS"]) == "TENTATIVE"
    review = next(e for s, e in summaries.items() if s.startswith("Hằng năm"))
    assert "(dự kiến)" not in str(review["SUMMARY"])
    assert review.decoded("DTSTART") == datetime.date(2026, 12, 15)
    assert str(review["URL"]).startswith("http://testserver/lich/?ward=")
    assert "khoản 1 Điều 11" in str(review["DESCRIPTION"])
    # An entry without any date is not in the feed.
    assert not any("phân bổ vốn" in s for s in summaries)
    assert response["Cache-Control"] == "private, no-store"


def test_feed_holds_only_the_users_own_wards(client, ward, entries, other_ward):
    other = CalendarEntry.objects.get(ward=other_ward["root"], provision__ref="d9-k2-a")
    other.confirmed_date = datetime.date(2026, 9, 9)
    other.save()
    mine = [str(e["UID"]) for e in events(client.get(feed_url(ward.secretary_a)))]
    theirs = [
        str(e["UID"]) for e in events(client.get(feed_url(other_ward["secretary"])))
    ]
    assert f"lich-{other.pk}@testserver" in theirs
    assert f"lich-{other.pk}@testserver" not in mine
    own = set(CalendarEntry.objects.filter(ward=ward.root).values_list("pk", flat=True))
    ids = {
        int(uid.split("@")[0].removeprefix("lich-"))
        for uid in mine
        if uid.startswith("lich-")
    }
    assert ids and ids <= own


def test_unknown_or_inactive_tokens_are_404(client, ward, entries):
    assert client.get("/lich/ical/khong-co-ma-nay.ics").status_code == 404
    url = feed_url(ward.member_a)
    assert client.get(url).status_code == 200
    ward.member_a.is_active = False
    ward.member_a.save()
    assert client.get(url).status_code == 404


def test_regenerating_the_link_ends_the_old_url(client, ward, entries):
    old = feed_url(ward.deputy_a)
    client.force_login(ward.deputy_a)
    response = client.post(reverse("coordination:calendar-feed-regenerate"))
    assert response.status_code == 302
    new = feed_url(ward.deputy_a)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeedToken.objects.filter(user=ward.deputy_a).count() == 1


def test_feed_gives_due_dates_by_kind_never_a_subject(client, ward, entries, rounds):
    secret_subject = "Xác minh đối tượng ZX-17 tại tổ dân phố 5"
    plain_subject = "Phối hợp tuyên truyền phòng chống lừa đảo"
    make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject=secret_subject,
        content="Nội dung mật.",
        confidentiality=Confidentiality.SECRET,
    )
    make_request(
        by=ward.officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject=plain_subject,
    )
    response = client.get(feed_url(ward.secretary_a))
    body = response.content.decode()
    found = events(response)
    summaries = [str(e["SUMMARY"]) for e in found]
    assert summaries.count("Hạn trả lời đề nghị phối hợp") == 2
    assert "Hạn nộp báo cáo trao đổi thông tin" in summaries
    for text in (secret_subject, plain_subject, "ZX-17", "Nội dung mật"):
        assert text not in body
    due = [e for e in found if str(e["SUMMARY"]) == "Hạn trả lời đề nghị phối hợp"]
    assert all(str(e["URL"]).startswith("http://testserver/de-nghi/") for e in due)
    # A member without a leading or support position owes nothing himself.
    other = [str(e["SUMMARY"]) for e in events(client.get(feed_url(ward.member_a)))]
    assert "Hạn trả lời đề nghị phối hợp" not in other


@pytest.fixture
def rounds(ward, ward_regulation):
    from coordination.exchanges.periods import ensure_rounds

    ensure_rounds(datetime.date(2026, 3, 2), wards=[ward.root])


def test_the_main_navigation_links_the_calendar(client, ward):
    client.force_login(ward.secretary_a)
    page = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{MONTH}"' in page and ">Lịch<" in page
