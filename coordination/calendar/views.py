"""The calendar's pages: the month view, confirming a date, the user's feed
link, and the iCalendar feed itself — the one page of the product that needs
no login (calendar programs cannot log in): its secret URL is the key, and it
holds only dates, generic titles and links, never a subject."""

from __future__ import annotations

import datetime
import logging
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..obligations import open_obligations
from ..permissions import drafting_org_ids, visible_calendar_entries
from ..validators import parse_int
from . import forms, selectors, services
from .models import CalendarEntry, CalendarFeedToken

logger = logging.getLogger("security")
TEMPLATES = "coordination/calendar/"


def month_url(ward_id: int | None, year: int, month: int) -> str:
    params = {"year": year, "month": month}
    if ward_id is not None:
        params = {"ward": ward_id, **params}
    return f"{reverse('coordination:calendar-month')}?{urlencode(params)}"


def _year_month(request: HttpRequest, today: datetime.date) -> tuple[int, int]:
    year = parse_int(request.GET.get("year", ""))
    month = parse_int(request.GET.get("month", ""))
    if year is None or not 2000 <= year <= today.year + 10:
        year = today.year
    if month is None or not 1 <= month <= 12:
        month = today.month
    return year, month


def calendar_month(request: HttpRequest) -> HttpResponse:
    """The ward's month: a 7-column grid (a list on phones), the entries still
    without a confirmed date above it, the user's feed link below."""
    user = request.user
    today = timezone.localdate()
    year, month = _year_month(request, today)
    wards = selectors.calendar_wards(user)
    chosen = parse_int(request.GET.get("ward", ""))
    if chosen is not None and chosen not in {w.pk for w in wards}:
        logger.warning("authz_denied user=%s object=calendar:%s", user.pk, chosen)
        raise Http404
    ward = next((w for w in wards if w.pk == chosen), wards[0] if wards else None)
    ward_id = ward.pk if ward else None
    prev_year, prev_month = selectors.shift_month(year, month, -1)
    next_year, next_month = selectors.shift_month(year, month, 1)
    weeks = selectors.month_weeks([], year, month, today)
    pending, can_confirm = [], False
    if ward is not None:
        years = {weeks[0][0].date.year, weeks[-1][-1].date.year, year}
        entries = list(selectors.ward_entries(user, ward, years))
        can_confirm = services.may_confirm(user, ward.pk)
        for entry in entries:
            entry.form = forms.ConfirmDateForm(entry=entry) if can_confirm else None
        weeks = selectors.month_weeks(entries, year, month, today)
        pending = [e for e in entries if e.year == year and not e.is_confirmed]
    in_month = sum(len(d.entries) for week in weeks for d in week if d.in_month)
    token = services.feed_token(user)
    return render(
        request,
        TEMPLATES + "calendar_month.html",
        {
            "ward": ward,
            "wards": wards,
            "year": year,
            "month": month,
            "month_start": datetime.date(year, month, 1),
            "weekdays": selectors.WEEKDAYS,
            "weeks": weeks,
            "in_month": in_month,
            "pending": pending,
            "can_confirm": can_confirm,
            "prev_url": month_url(ward_id, prev_year, prev_month),
            "next_url": month_url(ward_id, next_year, next_month),
            "today_url": month_url(ward_id, today.year, today.month),
            "feed_url": request.build_absolute_uri(
                reverse("coordination:calendar-feed", kwargs={"token": token.token})
            ),
            "feed_token": token,
        },
    )


def _get_entry_or_404(user, pk: int) -> CalendarEntry:
    entry = visible_calendar_entries(user).filter(pk=pk).first()
    if entry is None:
        logger.warning("authz_denied user=%s object=calendarentry:%s", user.pk, pk)
        raise Http404
    return entry


@require_POST
def calendar_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Chọn ngày / Đổi ngày: the ward's standing committee or office."""
    user = request.user
    entry = _get_entry_or_404(user, pk)
    if not services.may_confirm(user, entry.ward_id):
        raise PermissionDenied
    form = forms.ConfirmDateForm(request.POST, entry=entry)
    back = month_url(
        entry.ward_id, entry.year, (entry.date or timezone.localdate()).month
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        entry = services.confirm_entry(entry=entry, by=user, **form.service_kwargs())
    except services.CalendarError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        _("Đã chốt ngày %(date)s: %(title)s.")
        % {"date": entry.confirmed_date.strftime("%d/%m/%Y"), "title": entry.title},
    )
    return redirect(month_url(entry.ward_id, entry.year, entry.confirmed_date.month))


@require_POST
def calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    """Tạo lại liên kết: the old feed URL stops working at once."""
    services.regenerate_feed_token(request.user)
    messages.success(
        request,
        _(
            "Đã tạo liên kết mới. Liên kết cũ không còn dùng được: xin cập nhật "
            "lại trong phần mềm lịch."
        ),
    )
    ward = parse_int(request.POST.get("ward", ""))
    today = timezone.localdate()
    return redirect(month_url(ward, today.year, today.month))


# --- The iCalendar feed -----------------------------------------------------------------

# What the feed says of an obligation: its kind and due date, never its subject.
GENERIC_TITLES = {
    "request": lambda: _("Hạn trả lời đề nghị phối hợp"),
    "exchange": lambda: _("Hạn nộp báo cáo trao đổi thông tin"),
    "action_item": lambda: _("Hạn thực hiện việc được giao"),
}


def _all_day(event: icalendar.Event, day: datetime.date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))


def build_feed(request: HttpRequest, user) -> bytes:
    """The user's calendar: his wards' entries (the confirmed date, else the
    proposed one marked "(dự kiến)") and the due dates of what his
    organisations owe, by kind only, each with a link into the product."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Quy che phoi hop//Lich quy che//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Lịch Quy chế phối hợp"))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now()
    for entry in selectors.feed_entries(user):
        if entry.date is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"lich-{entry.pk}@{host}")
        event.add("dtstamp", stamp)
        _all_day(event, entry.date)
        if entry.is_confirmed:
            event.add("summary", entry.title)
            event.add("status", "CONFIRMED")
        else:
            event.add("summary", _("%(title)s (dự kiến)") % {"title": entry.title})
            event.add("status", "TENTATIVE")
        event.add(
            "description",
            "\n".join(
                [
                    entry.ward.name,
                    _("Theo %(citation)s") % {"citation": entry.provision.citation()},
                ]
            ),
        )
        event.add(
            "url",
            request.build_absolute_uri(
                month_url(entry.ward_id, entry.date.year, entry.date.month)
            ),
        )
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for item in open_obligations(drafting_org_ids(user)):
        if item.due_date is None:
            continue
        title = GENERIC_TITLES.get(item.kind, lambda: _("Hạn xử lý công việc"))()
        event = icalendar.Event()
        event.add("uid", f"han-{item.kind}-{item.object_id}@{host}")
        event.add("dtstamp", stamp)
        _all_day(event, item.due_date)
        event.add("summary", title)
        event.add("description", _("Xem chi tiết trong hệ thống (cần đăng nhập)."))
        event.add("url", request.build_absolute_uri(item.url))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """/lich/ical/<token>.ics: no login; an unknown token or an inactive
    user's is a 404."""
    row = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        logger.warning("calendar_feed_denied token_known=%s", row is not None)
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        body = build_feed(request, row.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-quy-che.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
