"""Planning the reminders of a day: for every open obligation (``obligations``)
the stage of its ladder reached on that day, and who must hear of it. Planning
reads a fixed number of queries whatever the number of items; ``services``
checks again at send time that the item is still owed."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User

from ..exchanges.models import ExchangeRound
from ..obligations import Obligation, open_obligations
from ..organizations.models import Membership, Organization
from ..workdays import WorkCalendar
from .models import Kind, Reminder, ReminderStage

# Of a cell or the police committee, these hear of what their organisation owes
# (ward Điều 12: leaders, the focal point and the support staff).
OWING_POSITIONS = (*Membership.LEADERSHIP, Membership.Position.STAFF)
# Of these organisations every current member hears (ward office, standing
# committee): they follow the whole ward.
WHOLE_ORG_KINDS = (Organization.Kind.OFFICE, Organization.Kind.STANDING_COMMITTEE)


@dataclass
class Due:
    """One item at one stage on one day, and the people to remind."""

    stage: ReminderStage
    occurrence: int
    item_id: int
    organization_id: int | None
    due_date: datetime.date | None
    title: str
    url: str
    confidentiality: int
    audience_org_ids: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # exchange_missing only
    user_ids: list[int] = field(default_factory=list)
    line: str = ""  # what is owed and by when, for the notice and the digest

    @property
    def kind(self) -> str:
        return self.stage.kind


def stage_date(
    stage: ReminderStage, ob: Obligation, cal: WorkCalendar
) -> datetime.date | None:
    """The first day a stage applies to an obligation (None: never); the same
    stage and dates give the same day (memoised on the calendar)."""
    key = (stage.pk, ob.due_date, ob.lock_date, ob.starts_on)
    if key not in cal.memo:
        cal.memo[key] = _stage_date(stage, ob, cal)
    return cal.memo[key]


def _stage_date(stage: ReminderStage, ob: Obligation, cal) -> datetime.date | None:
    if stage.anchor == ReminderStage.Anchor.WINDOW:
        if ob.starts_on is None or ob.due_date is None:
            return None
        window = cal.between(ob.starts_on, ob.due_date)
        return cal.shift(ob.starts_on, math.ceil(window * stage.offset / 100))
    anchor = ob.lock_date if stage.anchor == ReminderStage.Anchor.LOCK else ob.due_date
    if anchor is None:
        return None
    return cal.shift(anchor, stage.offset) if stage.offset else anchor


def current_stage(
    stages: list[ReminderStage], ob: Obligation, today: datetime.date, cal
) -> tuple[ReminderStage, int] | None:
    """The latest stage reached on ``today`` and its occurrence (a repeating
    stage counts its repeats); earlier stages the item went past unsent (a
    late request, a day the sweep did not run) are not sent late."""
    best = None
    for rank, stage in enumerate(stages):
        first = stage_date(stage, ob, cal)
        if first is None or first > today:
            continue
        occurrence, start = 0, first
        if stage.repeat_days:
            occurrence = (today - first).days // stage.repeat_days
            start = first + datetime.timedelta(days=occurrence * stage.repeat_days)
        key = (start, rank)
        if best is None or key > best[0]:
            best = (key, stage, occurrence)
    return (best[1], best[2]) if best else None


def _ladders() -> dict[str, list[ReminderStage]]:
    ladders: dict[str, list[ReminderStage]] = defaultdict(list)
    # Ordered so that on a tie the due-date stage wins over a window stage.
    order = {"window": 0, "lock": 1, "due": 2}
    stages = ReminderStage.objects.filter(enabled=True)
    for stage in sorted(stages, key=lambda s: (order[s.anchor], s.offset)):
        ladders[stage.kind].append(stage)
    return ladders


def planned_reminders(today: datetime.date, *, exclude_sent: bool = True) -> list[Due]:
    """Every item due a reminder on ``today`` with its audience resolved to
    users; reminders already sent are left out (one query per 1,000 items).
    The sweep passes ``exclude_sent=False``: it checks that per batch anyway,
    under the batch's lock. A fixed number of queries otherwise."""
    ladders = _ladders()
    obligations = [o for o in open_obligations() if o.due_date is not None]
    cal = WorkCalendar(
        today - datetime.timedelta(days=120), today + datetime.timedelta(days=60)
    )
    dues: list[Due] = []
    for ob in obligations:
        if ob.kind == Kind.EXCHANGE and ob.lock_date and today > ob.lock_date:
            continue  # locked: the standing committee reopens it, not a reminder
        found = current_stage(ladders.get(ob.kind, []), ob, today, cal)
        if found is None:
            continue
        stage, occurrence = found
        dues.append(
            Due(
                stage=stage,
                occurrence=occurrence,
                item_id=ob.object_id,
                organization_id=ob.organization_id,
                due_date=ob.due_date,
                title=ob.title,
                url=ob.url,
                confidentiality=ob.confidentiality,
                audience_org_ids=_audience(stage, ob),
            )
        )
    dues += _missing_lists(
        ladders.get(Kind.EXCHANGE_MISSING, []), obligations, today, cal
    )
    dues += _calendar_dues(ladders.get(Kind.CALENDAR, []), today, cal)
    _resolve_users(dues, today)
    if not exclude_sent:
        return [due for due in dues if due.user_ids]
    return _not_yet_sent(dues)


def _audience(stage: ReminderStage, ob: Obligation) -> list[int]:
    orgs = [ob.organization_id]
    if stage.audience == ReminderStage.Audience.OWING_SENDER_OFFICE:
        if ob.waiting_org_id:
            orgs.append(ob.waiting_org_id)
        orgs.append(("office", ob.ward_id))
    return orgs


def _missing_lists(stages, obligations, today, cal) -> list[Due]:
    """For each exchange round near its lock date, the list of organisations
    still missing, to the ward office and the standing committee."""
    by_round: dict[int, list[Obligation]] = defaultdict(list)
    for ob in obligations:
        if ob.kind == Kind.EXCHANGE and ob.group_id and today <= ob.lock_date:
            by_round[ob.group_id].append(ob)
    if not by_round or not stages:
        return []
    rounds = ExchangeRound.objects.in_bulk(list(by_round))
    owed_orgs = {o.organization_id for obs in by_round.values() for o in obs}
    names = dict(
        Organization.objects.filter(pk__in=owed_orgs).values_list("pk", "name")
    )
    dues = []
    for round_id, obs in by_round.items():
        found = current_stage(stages, obs[0], today, cal)
        if found is None:
            continue
        stage, occurrence = found
        round_ = rounds[round_id]
        missing = sorted({names[o.organization_id] for o in obs})
        dues.append(
            Due(
                stage=stage,
                occurrence=occurrence,
                item_id=round_id,
                organization_id=None,
                due_date=round_.lock_date,
                title=_("Còn %(n)s đơn vị chưa nộp báo cáo %(round)s")
                % {"n": len(missing), "round": round_.label},
                url=round_.get_absolute_url(),
                confidentiality=0,
                audience_org_ids=[
                    ("office", round_.ward_id),
                    ("standing", round_.ward_id),
                ],
                missing=missing,
            )
        )
    return dues


def calendar_entries_ahead(today: datetime.date, days: int = 31):
    """Calendar entries with a date (confirmed, else proposed) from today on,
    within ``days``."""
    from django.db.models.functions import Coalesce

    from ..calendar.models import CalendarEntry

    return (
        CalendarEntry.objects.annotate(on=Coalesce("confirmed_date", "proposed_date"))
        .filter(on__gte=today, on__lte=today + datetime.timedelta(days=days))
        .select_related("ward")
    )


def _calendar_dues(stages, today, cal) -> list[Due]:
    """The regulation's dated yearly duties, to the ward office, the standing
    committee and the police committee, before the day and on it."""
    if not stages:
        return []
    from django.urls import reverse

    dues = []
    for entry in calendar_entries_ahead(today):
        ob = Obligation(
            "calendar", entry.ward_id, entry.on, entry.pk, 0, "", ward_id=entry.ward_id
        )
        found = current_stage(stages, ob, today, cal)
        if found is None:
            continue
        stage, occurrence = found
        url = reverse("coordination:calendar-month")
        dues.append(
            Due(
                stage=stage,
                occurrence=occurrence,
                item_id=entry.pk,
                organization_id=None,
                due_date=entry.on,
                title=f"{entry.title} — {entry.ward.name}",
                url=f"{url}?year={entry.on.year}&month={entry.on.month}",
                confidentiality=0,
                audience_org_ids=[
                    ("office", entry.ward_id),
                    ("standing", entry.ward_id),
                    ("police", entry.ward_id),
                ],
            )
        )
    return dues


def _resolve_users(dues: list[Due], today: datetime.date) -> None:
    """Replace each due's organisations by the users to remind: two queries
    (the wards' offices and standing committees, then the memberships)."""
    ward_ids = {
        ref[1]
        for due in dues
        for ref in due.audience_org_ids
        if isinstance(ref, tuple) and ref[1]
    }
    ward_bodies: dict[tuple, list[int]] = defaultdict(list)
    if ward_ids:
        for pk, parent_id, kind in Organization.objects.filter(
            parent_id__in=ward_ids,
            kind__in=(*WHOLE_ORG_KINDS, Organization.Kind.POLICE_COMMITTEE),
            is_active=True,
        ).values_list("pk", "parent_id", "kind"):
            role = {
                Organization.Kind.OFFICE: "office",
                Organization.Kind.STANDING_COMMITTEE: "standing",
            }.get(kind, "police")
            ward_bodies[(role, parent_id)].append(pk)
    for due in dues:
        expanded: list[int] = []
        for ref in due.audience_org_ids:
            expanded += ward_bodies.get(ref, []) if isinstance(ref, tuple) else [ref]
        due.audience_org_ids = expanded
    members = org_members({pk for due in dues for pk in due.audience_org_ids}, today)
    for due in dues:
        users = {
            user.pk: user
            for org_id in due.audience_org_ids
            for user in members.get(org_id, [])
            if user.clearance >= due.confidentiality
        }
        due.user_ids = sorted(users)


def org_members(org_ids: Iterable[int], today=None) -> dict[int, list[User]]:
    """Who hears of an organisation's obligations: its current leaders, focal
    points and support staff (every current member of an office or a standing
    committee); active users only. One query."""
    members: dict[int, list[User]] = defaultdict(list)
    rows = (
        Membership.objects.current(today)
        .filter(
            organization_id__in=list(org_ids),
            organization__is_active=True,
            user__is_active=True,
        )
        .filter(
            Q(position__in=OWING_POSITIONS)
            | Q(is_focal_point=True)
            | Q(organization__kind__in=WHOLE_ORG_KINDS)
        )
        .select_related("user")
        .order_by("organization_id", "user_id")
    )
    for m in rows:
        if all(u.pk != m.user_id for u in members[m.organization_id]):
            members[m.organization_id].append(m.user)
    return members


def _not_yet_sent(dues: list[Due]) -> list[Due]:
    """Leave out the people already reminded of an item at that stage and
    occurrence (one query per 1,000 items)."""
    sent: set[tuple] = set()
    for start in range(0, len(dues), 1000):
        chunk = dues[start : start + 1000]
        sent.update(
            Reminder.objects.filter(
                stage_id__in={due.stage.pk for due in chunk},
                item_id__in={due.item_id for due in chunk},
            ).values_list("stage_id", "item_id", "occurrence", "user_id")
        )
    kept = []
    for due in dues:
        due.user_ids = [
            uid
            for uid in due.user_ids
            if (due.stage.pk, due.item_id, due.occurrence, uid) not in sent
        ]
        if due.user_ids:
            kept.append(due)
    return kept
