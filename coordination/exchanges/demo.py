"""Demo exchanges (``seed_demo``): two years of rounds for every demo ward with a
believable mix — most reports on time and accepted, some late, some missing,
some returned and resubmitted, one returned and not yet corrected, one
reopened after the lock date — and this half-year's reports in draft.

The history is written as it would have been recorded (events with their
dates), in bulk, so ``seed_demo --wards 100`` stays quick. Idempotent: a round
with any report past "not started" is left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from regulations.models import Regulation

from ..organizations.models import Membership, Organization
from .models import (
    ExchangeAcknowledgement,
    ExchangeEntry,
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
)
from .periods import ensure_rounds, exchange_wards
from .selectors import report_duties

State = ExchangeReport.State
Direction = ExchangeReport.Direction

# The fate of each cell's report, in turn (a round starts one step further on).
PATTERN = [
    "on_time",
    "on_time",
    "late",
    "on_time",
    "returned_resubmitted",
    "on_time",
    "missing",
    "on_time",
    "late",
    "on_time",
    "returned_open",
    "on_time",
]
RESULTS = (
    "Chi bộ đã phối hợp với Công an phường tuyên truyền phòng, chống lừa đảo qua "
    "mạng cho các hộ gia đình; duy trì tổ tự quản an ninh trật tự; nắm tình hình "
    "và kịp thời thông tin các vụ việc phát sinh."
)
POLICE_RESULTS = (
    "Đảng ủy Công an phường thông báo tình hình an ninh, trật tự trên địa bàn, "
    "các phương thức, thủ đoạn mới của tội phạm và kết quả phối hợp với các chi "
    "bộ, đảng bộ trong kỳ."
)
NEW_POLICIES = (
    "Kế hoạch của Đảng ủy Công an thành phố về cao điểm tấn công, trấn áp tội "
    "phạm; Nghị quyết của Đảng ủy phường về xây dựng phường an toàn."
)
DIFFICULTIES = "Một số hộ thuê trọ thay đổi thường xuyên, khó nắm tình hình."
PROPOSALS = "Đề nghị Công an phường cử cán bộ dự sinh hoạt chi bộ quý tới."
ENTRY = "Đã triển khai; có kết quả cụ thể ghi trong phần kết quả chung."


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _leaders(org_ids) -> dict[int, int]:
    """Organisation → the user id of its secretary (or another leader)."""
    rows = (
        Membership.objects.current()
        .filter(organization_id__in=org_ids, position__in=Membership.LEADERSHIP)
        .order_by("position")
        .values_list("organization_id", "user_id")
    )
    found: dict[int, int] = {}
    for org_id, user_id in rows:
        found.setdefault(org_id, user_id)
    return found


@transaction.atomic
def seed_demo_exchanges(
    today: datetime.date | None = None, *, with_entries_for: str = "hd"
) -> int:
    """Rounds of last year and this year for every ward, played as above.
    Returns the number of rounds played now."""
    today = today or timezone.localdate()
    regulation = Regulation.objects.filter(
        code="qc-phuong-hai-duong", status=Regulation.Status.IN_FORCE
    ).first()
    wards = exchange_wards()
    for day in (datetime.date(today.year - 1, 6, 1), today):
        ensure_rounds(day, wards, fallback=regulation)
    played = 0
    rounds = (
        ExchangeRound.objects.filter(
            ward__in=wards, kind__in=ExchangeRound.PERIODIC_KINDS
        )
        .select_related("ward")
        .order_by("ward_id", "period_end", "kind")
    )
    office = {
        o.parent_id: o.pk
        for o in Organization.objects.filter(kind=Organization.Kind.OFFICE)
    }
    for index, round_ in enumerate(rounds):
        reports = list(round_.reports.select_related("organization").order_by("pk"))
        if any(r.state != State.NOT_STARTED for r in reports):
            continue
        leaders = _leaders(
            {r.organization_id for r in reports} | {office.get(round_.ward_id)}
        )
        entries = round_.ward.code == with_entries_for
        if round_.due_date < today:
            _play_past(round_, reports, leaders, index, today, office, entries)
        elif round_.period_start <= today:
            _play_current(round_, reports, leaders, entries)
        else:
            continue
        played += 1
    return played


def _event(events, report, action, old, new, day, by, org="author", comment=""):
    events.append(
        ExchangeEvent(
            report=report,
            action=action,
            from_state=old,
            to_state=new,
            created_at=_at(day),
            actor_id=by,
            organization_id=report.organization_id if org == "author" else org,
            comment=comment,
        )
    )


def _play_past(round_, reports, leaders, index, today, office, entries) -> None:
    due, lock = round_.due_date, round_.lock_date
    police = next(r for r in reports if r.direction == Direction.TO_CELLS)
    police_org = police.organization_id
    checker = leaders.get(police_org)
    events: list[ExchangeEvent] = []
    reopened = False
    for number, report in enumerate(reports):
        actor = leaders.get(report.organization_id)
        to_police = report.direction == Direction.TO_POLICE
        outcome = PATTERN[(number + index) % len(PATTERN)] if to_police else "on_time"
        if outcome == "missing" and not reopened and lock < today and index % 3 == 0:
            outcome, reopened = "reopened", True
        start = due - datetime.timedelta(days=12)
        if outcome == "missing":
            if number % 2:
                _fill(report, entries)
                report.state = State.DRAFT
                report.draft_saved_at, report.draft_saved_by_id = _at(start), actor
                _event(
                    events, report, "save", State.NOT_STARTED, State.DRAFT, start, actor
                )
            continue
        _fill(report, entries)
        submitted = min(
            today,
            {
                "on_time": due - datetime.timedelta(days=2),
                "late": due + datetime.timedelta(days=6),
                "returned_resubmitted": due - datetime.timedelta(days=1),
                "returned_open": due - datetime.timedelta(days=1),
                "reopened": lock + datetime.timedelta(days=4),
            }[outcome],
        )
        _event(events, report, "save", State.NOT_STARTED, State.DRAFT, start, actor)
        if outcome == "reopened":
            day = lock + datetime.timedelta(days=2)
            _event(
                events,
                report,
                "reopen",
                State.DRAFT,
                State.DRAFT,
                day,
                leaders.get(office.get(round_.ward_id)),
                org=None,
                comment="Chi bộ kiện toàn cấp ủy giữa kỳ; cho phép nộp sau khóa sổ.",
            )
            report.reopened_at = _at(day)
        report.first_submitted_at = report.submitted_at = _at(submitted)
        report.submitted_late = submitted > due
        report.submitted_by_id = actor
        report.submission = 1
        _event(events, report, "submit", State.DRAFT, State.SUBMITTED, submitted, actor)
        if outcome.startswith("returned"):
            returned = submitted + datetime.timedelta(days=2)
            report.returned_count = 1
            _event(
                events,
                report,
                "return",
                State.SUBMITTED,
                State.RETURNED,
                returned,
                checker,
                org=police_org,
                comment="Xin bổ sung số liệu các vụ việc đã phối hợp xử lý trong kỳ.",
            )
            if outcome == "returned_open":
                report.state = State.RETURNED
                continue
            submitted = returned + datetime.timedelta(days=3)
            report.submitted_at = _at(submitted)
            report.submission = 2
            _event(
                events,
                report,
                "resubmit",
                State.RETURNED,
                State.SUBMITTED,
                submitted,
                actor,
            )
        accepted = submitted + datetime.timedelta(days=1)
        report.state = State.ACCEPTED
        report.accepted_at = _at(accepted)
        if to_police:
            _event(
                events,
                report,
                "accept",
                State.SUBMITTED,
                State.ACCEPTED,
                accepted,
                checker,
                org=police_org,
            )
    cells = [r.organization_id for r in reports if r.direction == Direction.TO_POLICE]
    _acknowledge(police, cells, leaders, events)
    for report in reports:
        report.version = 2 + report.submission + report.returned_count
    _save(reports, events)


def _acknowledge(police, cells, leaders, events) -> None:
    """Each cell with a secretary acknowledges the police's report the day
    after; a cell without one has not, and the report stays submitted."""
    police._acks = []
    day = police.submitted_at.date() + datetime.timedelta(days=1)
    for org_id in cells:
        if org_id not in leaders:
            continue
        police._acks.append(
            ExchangeAcknowledgement(
                report=police,
                organization_id=org_id,
                submission=1,
                acknowledged_by_id=leaders[org_id],
                acknowledged_at=_at(day),
            )
        )
        last = len(police._acks) == len(cells)
        _event(
            events,
            police,
            "acknowledge",
            State.SUBMITTED,
            State.ACCEPTED if last else State.SUBMITTED,
            day,
            leaders[org_id],
            org=org_id,
        )
    if len(police._acks) < len(cells):
        police.state = State.SUBMITTED
        police.accepted_at = None


def _play_current(round_, reports, leaders, entries) -> None:
    """This period: the first cell and the police committee have drafts."""
    events = []
    drafts = [r for r in reports if r.direction == Direction.TO_CELLS][:1] + [
        r for r in reports if r.direction == Direction.TO_POLICE
    ][:1]
    for report in drafts:
        _fill(report, entries)
        report.state = State.DRAFT
        report.draft_saved_at = timezone.now()
        report.draft_saved_by_id = leaders.get(report.organization_id)
        report.version = 3
        events.append(
            ExchangeEvent(
                report=report,
                action="save",
                from_state=State.NOT_STARTED,
                to_state=State.DRAFT,
                actor_id=report.draft_saved_by_id,
                organization_id=report.organization_id,
            )
        )
    _save(drafts, events)


def _fill(report: ExchangeReport, entries: bool) -> None:
    police = report.direction == Direction.TO_CELLS
    report.results = POLICE_RESULTS if police else RESULTS
    report.new_policies = NEW_POLICIES if police else ""
    report.difficulties, report.proposals = DIFFICULTIES, PROPOSALS
    report._entries = entries


def _save(reports: list[ExchangeReport], events: list[ExchangeEvent]) -> None:
    fields = [
        "state",
        "results",
        "new_policies",
        "difficulties",
        "proposals",
        "first_submitted_at",
        "submitted_at",
        "submitted_by",
        "submitted_late",
        "submission",
        "returned_count",
        "accepted_at",
        "reopened_at",
        "draft_saved_at",
        "draft_saved_by",
        "version",
    ]
    ExchangeReport.objects.bulk_update(reports, fields)
    ExchangeEvent.objects.bulk_create(events)
    acks = [a for r in reports for a in getattr(r, "_acks", [])]
    ExchangeAcknowledgement.objects.bulk_create(acks, ignore_conflicts=True)
    entries = []
    for report in reports:
        if getattr(report, "_entries", False) and report.state != State.NOT_STARTED:
            entries += [
                ExchangeEntry(report=report, responsibility=duty, text=ENTRY)
                for duty in report_duties(report)[:4]
            ]
    ExchangeEntry.objects.bulk_create(entries, ignore_conflicts=True)


def demo_figures() -> dict[str, int]:
    """For the seed's summary line."""
    return {
        "rounds": ExchangeRound.objects.count(),
        "reports": ExchangeReport.objects.count(),
        "late": ExchangeReport.objects.filter(submitted_late=True).count(),
    }
