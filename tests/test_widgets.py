"""Issue 20: choices as grouped checkboxes (no Ctrl key), dates typed and read
as dd/mm/yyyy whatever the browser's locale, the phone header's menu button."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from coordination.models import CoordinationRequest
from coordination.requests import transitions
from coordination.validators import (
    VietnameseMessagesMixin,
    WindowDateField,
    WindowDateTimeField,
)
from coordination.widgets import DayInput, DayTimeInput, GroupedCheckboxes
from tests.factories import make_org, make_request

DATE_MESSAGE = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026."


def _form(ward, **extra):
    data = {
        "sender": ward.police.pk,
        "recipients": [ward.cell_a.pk, ward.cell_b.pk],
        "subject": "Đề nghị rà soát",
        "content": "Nội dung",
        "kind": "proposal",
        "priority": "normal",
        "confidentiality": "0",
        "response_days": "5",
    }
    data.update(extra)
    return data


# --- recipients ----------------------------------------------------------------------


def test_recipients_are_grouped_checkboxes_with_labels_and_no_ctrl(client, ward):
    client.force_login(ward.officer)
    body = client.get(reverse("coordination:request-create")).content.decode()
    assert "Ctrl" not in body
    assert '<select name="recipients"' not in body
    # one fieldset for the field, one per group, each with its legend
    assert re.search(
        r"<fieldset class=\"field field--group[^>]*>\s*<legend>Đơn vị nhận", body
    )
    assert "<legend>Các chi bộ</legend>" in body
    assert "Chọn tất cả các chi bộ" in body
    for org in (ward.cell_a, ward.cell_b, ward.cell_c):
        match = re.search(
            r'<label class="choice" for="(id_recipients_\d+)" data-choice>'
            rf'<input type="checkbox" name="recipients" value="{org.pk}"[^>]* id="\1"',
            body,
        )
        assert match, org
        assert org.name in body
    assert "Đã chọn 0 đơn vị" in body
    # short list: no filter box
    assert "Lọc danh sách" not in body


def test_the_police_committee_and_the_cells_are_separate_groups(ward):
    from coordination.widgets import organization_group

    police = organization_group(ward.police)
    cell = organization_group(ward.cell_a)
    assert police[0] < cell[0]
    assert str(police[2]) == "Đảng ủy Công an"
    assert str(cell[3]) == "Chọn tất cả các chi bộ"


def test_a_long_list_gets_a_filter_box_and_queries_do_not_grow(client, ward):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ward.officer)
    url = reverse("coordination:request-create")
    client.get(url)  # warm the caches (session, permissions)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(10):
        make_org(f"Chi bộ Tổ dân phố {i}", parent=ward.root, code=f"to-{i}")
    with CaptureQueriesContext(connection) as large:
        body = client.get(url).content.decode()
    assert "Lọc danh sách" in body
    assert len(large) == len(small)


def test_a_post_with_two_recipients_sends_to_both(client, ward):
    client.force_login(ward.officer)
    response = client.post(
        reverse("coordination:request-create"), _form(ward, send="1")
    )
    assert response.status_code == 302
    req = CoordinationRequest.objects.get()
    assert set(req.recipients.values_list("organization", flat=True)) == {
        ward.cell_a.pk,
        ward.cell_b.pk,
    }


def test_chosen_recipients_stay_ticked_after_an_error(client, ward):
    client.force_login(ward.officer)
    response = client.post(
        reverse("coordination:request-create"), _form(ward, subject="", send="1")
    )
    body = response.content.decode()
    assert re.search(rf'value="{ward.cell_a.pk}"[^>]* checked', body)
    assert "Đã chọn 2 đơn vị" in body
    assert not CoordinationRequest.objects.exists()


def test_every_multiple_choice_field_becomes_checkboxes():
    class Form(VietnameseMessagesMixin, forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])

    form = Form()
    html = str(form["kinds"])
    assert isinstance(form.fields["kinds"].widget, GroupedCheckboxes)
    assert html.count('type="checkbox"') == 3  # two choices and "select all"
    assert "<select" not in html


# --- dates ----------------------------------------------------------------------------


class _DateForm(VietnameseMessagesMixin, forms.Form):
    day = WindowDateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = WindowDateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), required=False
    )
    month = forms.DateField(
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


@pytest.mark.parametrize(
    "typed", ["25/12/2026", "2026-12-25", "25-12-2026", "25122026", " 25/12/2026 "]
)
def test_a_date_typed_as_day_month_year_or_iso_parses(typed):
    form = _DateForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 25)


@pytest.mark.parametrize(
    "typed", ["25/12/2026 14:30", "2026-12-25T14:30", "25/12/2026 14h30"]
)
def test_a_datetime_typed_as_day_month_year_hour_minute_parses(typed):
    form = _DateForm({"day": "25/12/2026", "at": typed})
    assert form.is_valid(), form.errors
    at = timezone.localtime(form.cleaned_data["at"])
    assert (at.date(), at.hour, at.minute) == (datetime.date(2026, 12, 25), 14, 30)


@pytest.mark.parametrize("typed", ["12/25/2026", "31/02/2026", "abc", "25/12"])
def test_a_bad_date_gives_the_vietnamese_message(typed):
    form = _DateForm({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == [DATE_MESSAGE]


def test_date_widgets_are_text_boxes_shown_as_day_month_year():
    form = _DateForm(
        initial={
            "day": datetime.date(2026, 12, 25),
            "at": timezone.make_aware(datetime.datetime(2026, 12, 25, 14, 30)),  # noqa: DTZ001
            "month": datetime.date(2026, 12, 1),
        }
    )
    day, at, month = str(form["day"]), str(form["at"]), str(form["month"])
    assert isinstance(form.fields["day"].widget, DayInput)
    assert isinstance(form.fields["at"].widget, DayTimeInput)
    assert 'type="text"' in day and 'value="25/12/2026"' in day
    assert 'placeholder="dd/mm/yyyy"' in day and 'inputmode="numeric"' in day
    assert "pattern=" in day
    assert 'type="text"' in at and 'value="25/12/2026 14:30"' in at
    assert 'type="date"' not in day + at and "datetime-local" not in at
    # a month picker is not a day: left as it is
    assert 'type="month"' in month


def test_a_bad_meeting_date_shows_the_message_next_to_the_field(client, ward):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority=CoordinationRequest.Priority.IMPORTANT,
    )
    rec = req.recipients.get()
    transitions.receive_request(recipient=rec, by=ward.officer)
    rec.refresh_from_db()
    url = reverse(
        "coordination:request-recipient-action",
        args=[req.pk, rec.pk, "schedule-meeting"],
    )
    client.force_login(ward.secretary_a)
    page = client.get(url).content.decode()
    assert 'placeholder="dd/mm/yyyy HH:MM"' in page and "datetime-local" not in page
    data = {
        "version": rec.version,
        "place": "Hội trường",
        "sender_participants": "Chi bộ A",
        "recipient_participants": "Công an",
    }
    response = client.post(url, {**data, "starts_at": "12/25/2026 14:30"})
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(
        r'id="id_starts_at_error">Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút', body
    )
    response = client.post(url, {**data, "starts_at": "25/12/2026 14:30"})
    assert response.status_code == 302
    at = timezone.localtime(rec.meetings.get().starts_at)
    assert (at.day, at.month, at.year, at.hour, at.minute) == (25, 12, 2026, 14, 30)


def test_list_filter_dates_take_day_month_year(client, ward):
    make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police])
    client.force_login(ward.secretary_a)
    today = timezone.localdate()
    url = reverse("coordination:request-outbox")
    response = client.get(url, {"sent_from": today.strftime("%d/%m/%Y")})
    assert len(response.context["page"]) == 1
    body = response.content.decode()
    assert f'value="{today:%d/%m/%Y}"' in body
    response = client.get(
        url, {"sent_from": (today + datetime.timedelta(1)).isoformat()}
    )
    assert len(response.context["page"]) == 0


# --- the header ----------------------------------------------------------------------


def test_the_header_has_a_menu_button_and_the_script(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert re.search(r'<button[^>]*class="menu-toggle"[^>]*aria-expanded="false"', body)
    assert 'aria-controls="site-menu"' in body and 'id="site-menu"' in body
    assert "js/ui.js" in body
