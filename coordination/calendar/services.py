"""The regulation's calendar: entries made from the regulation's data, the
ward's confirmation of their dates, and the users' feed tokens.

``ensure_entries`` reads, for each ward, the regulation in force: every
provision with a duty of cadence *yearly* gives one entry a year (several
yearly duties of one provision, e.g. both sides', give one entry), *end of
term* one in the last year of the ward's term. The periodic exchange itself
(the provision outside the six areas where both sides have six-monthly or
yearly duties: ward 10.1, and its support staff's 12.2) has its own rounds and
due dates and is left out. Nothing here names a provision: the other
regulation works the same way.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from regulations.models import Provision, Regulation, Responsibility, Side
from regulations.selectors import regulation_in_force_for

from ..exchanges.periods import PERIODIC, exchange_wards
from ..organizations.models import Organization, Term
from ..permissions import oversight_root_ids
from .models import CalendarEntry, CalendarFeedToken, new_feed_token

Cadence = Responsibility.Cadence
Kind = CalendarEntry.Kind
TITLE_LENGTH = 140


class CalendarError(Exception):
    """A refused change, with a Vietnamese message for the user."""


class NotAllowed(CalendarError):
    pass


# --- Reading the regulation ----------------------------------------------------------

# "19/8", "ngày 19/8" (not "26/5/2025", "01-NQ/TU"), "ngày 19 tháng 8".
_NUMERIC_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?!\d|/\d)")
_WORDED_DAY = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*năm\s+\d)", re.I)
_QUOTED = re.compile(r"[“\"]([^”\"]{3,120})[”\"]")
_YEARLY_WORDS = re.compile(r"hằng năm|hàng năm|năm cuối nhiệm kỳ", re.I)


def _named_day(text: str) -> re.Match | None:
    found = [m for m in (_NUMERIC_DAY.search(text), _WORDED_DAY.search(text)) if m]
    for match in sorted(found, key=lambda m: m.start()):
        day, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return match
    return None


def proposed_day(text: str, year: int) -> datetime.date | None:
    """The day of ``year`` the provision names ("19/8 hằng năm", "ngày 19
    tháng 8"), or None when it names none (the ward sets it)."""
    match = _named_day(text or "")
    if match is None:
        return None
    day, month = int(match[1]), int(match[2])
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 29/2 in a common year, 31/4 …
        return None


def _shorten(text: str, limit: int = TITLE_LENGTH) -> str:
    text = " ".join(text.split()).strip(" ,;.:")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def short_title(text: str) -> str:
    """A short title from the provision's text: the quoted name just before
    the date it names (“Ngày hội toàn dân bảo vệ ANTQ” (19/8 hằng năm)); else
    the clause that says how often ("… hằng năm"), cut after those words when
    that leaves enough to read; else its first clause."""
    text = " ".join((text or "").split())
    match = _named_day(text)
    if match is not None:
        quotes = list(_QUOTED.finditer(text[: match.start()]))
        if quotes and match.start() - quotes[-1].end() <= 20:
            return _shorten(quotes[-1][1])
    clauses = [c.strip() for c in re.split(r";|\.\s", text) if c.strip()]
    if not clauses:
        return ""
    chosen = next((c for c in clauses if _YEARLY_WORDS.search(c)), clauses[0])
    words = _YEARLY_WORDS.search(chosen)
    if words is not None and words.end() >= 30:
        chosen = chosen[: words.end()]
    chosen = chosen[:1].upper() + chosen[1:]
    return _shorten(chosen)


@dataclass(frozen=True)
class Source:
    """One provision of the regulation that belongs in the calendar."""

    provision: Provision
    kind: str


def calendar_sources(regulation: Regulation | None) -> list[Source]:
    """The regulation's provisions with yearly or end-of-term duties, in the
    regulation's order (two queries), without the periodic exchange."""
    if regulation is None:
        return []
    rows = list(
        Responsibility.objects.filter(provision__regulation=regulation).values_list(
            "provision_id", "side__role", "cadence", "area_id"
        )
    )
    periodic_sides: dict[int, set[str]] = {}
    kinds: dict[int, set[str]] = {}
    for pk, role, cadence, area_id in rows:
        if cadence in PERIODIC and area_id is None:
            periodic_sides.setdefault(pk, set()).add(role)
        if cadence in (Cadence.YEARLY, Cadence.END_OF_TERM):
            kinds.setdefault(pk, set()).add(cadence)
    both = {Side.Role.POLICE, Side.Role.CELLS}
    exchange = {pk for pk, roles in periodic_sides.items() if both <= roles}
    wanted = {pk: k for pk, k in kinds.items() if pk not in exchange}
    provisions = Provision.objects.filter(pk__in=wanted).order_by("order")
    return [
        Source(p, Kind.YEARLY if Cadence.YEARLY in wanted[p.pk] else Kind.END_OF_TERM)
        for p in provisions
    ]


def final_term_year(ward: Organization, year: int) -> bool:
    return Term.objects.filter(organization=ward, end_year=year).exists()


# --- Entries -------------------------------------------------------------------------


@transaction.atomic
def ensure_entries(
    year: int | None = None,
    wards: Iterable[Organization] | None = None,
    *,
    fallback: Regulation | None = None,
) -> list[CalendarEntry]:
    """Create the year's entries of every ward (or of ``wards``) from the
    regulation in force for it (``fallback``: the regulation of wards with
    none, as the demo city's). Idempotent: a provision (by its ``ref``, so a
    new version of the regulation adds nothing) already in the ward's year
    is skipped, and the unique constraint holds if two runs race. Dates
    already confirmed are never touched. Returns the new entries."""
    year = year or timezone.localdate().year
    sources_of: dict[int, list[Source]] = {}
    created = []
    for ward in wards if wards is not None else exchange_wards():
        regulation = regulation_in_force_for(ward) or fallback
        if regulation is None:
            continue
        if regulation.pk not in sources_of:
            sources_of[regulation.pk] = calendar_sources(regulation)
        sources = sources_of[regulation.pk]
        if not sources:
            continue
        existing = set(
            CalendarEntry.objects.filter(ward=ward, year=year).values_list(
                "provision__ref", flat=True
            )
        )
        final_year = None
        for source in sources:
            provision = source.provision
            if provision.ref in existing:
                continue
            if source.kind == Kind.END_OF_TERM:
                if final_year is None:
                    final_year = final_term_year(ward, year)
                if not final_year:
                    continue
            entry, new = CalendarEntry.objects.get_or_create(
                ward=ward,
                year=year,
                provision=provision,
                defaults={
                    "kind": source.kind,
                    "title": short_title(provision.text or provision.title)
                    or str(provision),
                    "proposed_date": proposed_day(provision.text, year),
                },
            )
            if new:
                created.append(entry)
    return created


def ensure_coming_entries(today: datetime.date | None = None) -> list[CalendarEntry]:
    """This year's entries and, from December, next year's (the beat task and
    the command without ``--year``)."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    return [entry for year in years for entry in ensure_entries(year)]


def may_confirm(user: User, ward_id: int) -> bool:
    """The ward's standing committee or office (or an administrator with full
    rights) confirms or moves a date, as for the exchange schedule."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or ward_id in oversight_root_ids(user)


@transaction.atomic
def confirm_entry(
    *,
    entry: CalendarEntry,
    by: User,
    date: datetime.date,
    note: str = "",
) -> CalendarEntry:
    """Confirm the entry's date, or move it: records who and when (the
    history keeps every earlier date)."""
    if not may_confirm(by, entry.ward_id):
        raise NotAllowed(
            _(
                "Chỉ Thường trực, Văn phòng Đảng ủy hoặc quản trị viên chốt ngày trong lịch."
            )
        )
    entry = CalendarEntry.objects.select_for_update().get(pk=entry.pk)
    if date is None or date.year != entry.year:
        raise CalendarError(
            _("Xin chọn một ngày trong năm %(year)s.") % {"year": entry.year}
        )
    entry.confirmed_date = date
    entry.confirmed_by = by
    entry.confirmed_at = timezone.now()
    entry.note = unicodedata.normalize("NFC", note or "").strip()
    entry._history_user = by
    entry.save(update_fields=["confirmed_date", "confirmed_by", "confirmed_at", "note"])
    return entry


# --- Feed tokens ----------------------------------------------------------------------


def feed_token(user: User) -> CalendarFeedToken:
    """The user's feed token, made on first use."""
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def regenerate_feed_token(user: User) -> CalendarFeedToken:
    """A new secret: the old feed URL stops working at once."""
    token, created = CalendarFeedToken.objects.select_for_update().get_or_create(
        user=user
    )
    if not created:
        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token
