"""The 19/8 festival: the police committee's hosts record the ward's
festival of a year; each organisation's leaders or support staff record
what it did (one entry per organisation, written again to correct it). Each
function checks who acts, locks, changes the state and records who and
when; the organisations are told after commit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ...organizations.models import Organization
from ...validators import is_blank, nfc
from ..services import ReviewError, _check_host, _leaders, _tell
from ..visibility import FESTIVAL_KINDS, festival_org_ids
from .models import FestivalEntry, SecurityFestival


def festival_orgs(ward: Organization):
    """The ward's organisations that take part: its cells and its police
    committee."""
    return Organization.objects.filter(
        parent=ward, kind__in=FESTIVAL_KINDS, is_active=True
    ).order_by("name")


@transaction.atomic
def record_festival(
    *,
    by: User,
    ward: Organization,
    year: int,
    held_on: datetime.date,
    place: str,
    notes: str = "",
) -> SecurityFestival:
    _check_host(by, ward.pk)
    if is_blank(place):
        raise ReviewError(_("Xin ghi địa điểm."))
    if held_on.year != year:
        raise ReviewError(_("Ngày tổ chức phải thuộc năm của Ngày hội."))
    # Lock the ward's row: two hosts recording the same year wait in turn.
    Organization.objects.select_for_update().get(pk=ward.pk)
    if SecurityFestival.objects.filter(ward=ward, year=year).exists():
        raise ReviewError(_("Ngày hội năm này đã được ghi."))
    festival = SecurityFestival(
        ward=ward,
        year=year,
        held_on=held_on,
        place=nfc(place),
        notes=nfc(notes),
        created_by=by,
    )
    festival._history_user = by
    festival.save()
    orgs = [o.pk for o in festival_orgs(ward)]
    _tell(
        _leaders(orgs),
        by,
        lambda: _("Xin ghi kết quả tham gia %(festival)s") % {"festival": festival},
        festival.get_absolute_url(),
        f"festival:{festival.pk}",
    )
    return festival


@transaction.atomic
def save_festival_entry(
    *,
    festival: SecurityFestival,
    by: User,
    organization: Organization,
    activities: str,
    participants: int | None = None,
) -> FestivalEntry:
    """The organisation's entry, created or written again by its leaders or
    support staff."""
    festival = SecurityFestival.objects.select_for_update().get(pk=festival.pk)
    if organization.pk not in festival_org_ids(by):
        raise ReviewError(
            _("Chỉ cấp ủy hoặc bộ phận giúp việc của đơn vị mới ghi kết quả.")
        )
    if organization.parent_id != festival.ward_id:
        raise ReviewError(_("Đơn vị phải thuộc đảng bộ."))
    if is_blank(activities):
        raise ReviewError(_("Xin ghi hoạt động đã thực hiện."))
    entry = FestivalEntry.objects.filter(
        festival=festival, organization=organization
    ).first() or FestivalEntry(festival=festival, organization=organization)
    entry.activities = nfc(activities)
    entry.participants = participants
    entry.entered_by, entry.entered_at = by, timezone.now()
    entry._history_user = by
    entry.save()
    return entry
