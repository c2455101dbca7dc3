"""The reminder sweep: plan the day's reminders (``selectors``), then for each
batch of people, in one transaction, check again that each item is still owed,
write one ``Reminder`` row per (item, stage, occurrence, person), the in-app
notifications and one digest e-mail per person into the outbox; the e-mails are
sent after commit. The people of a batch are locked first, so two sweeps at
once (two beats, a retried task) serialise on them and the second finds the
rows of the first: nobody is reminded twice, and nothing is skipped — a sweep
killed midway left whole batches, and the next one does the rest."""

from __future__ import annotations

import datetime
import functools
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User

from ..exchanges.models import ExchangeReport
from ..incidents.models import ActionItem
from ..notifications.models import Notification, OutboundEmail
from ..notifications.services import enqueue_after_commit
from ..requests.models import CoordinationRequest, RequestRecipient
from ..reviews.models import ReviewActionItem
from ..workdays import WorkCalendar
from .models import Kind, Reminder, ReminderPreference
from .selectors import Due, calendar_entries_ahead, planned_reminders

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    planned: int = 0  # (item, person) pairs planned
    reminders: int = 0  # rows written
    emails: int = 0  # digests queued
    no_longer_owed: int = 0  # items done between planning and sending


def send_reminders(
    today: datetime.date | None = None, *, batch_size: int | None = None
) -> SweepResult:
    """Send the reminders due on ``today`` (default: today, local time)."""
    today = today or timezone.localdate()
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    dues = planned_reminders(today, exclude_sent=False)
    by_user: dict[int, list[Due]] = defaultdict(list)
    for due in dues:
        for uid in due.user_ids:
            by_user[uid].append(due)
    result = SweepResult(planned=sum(len(d) for d in by_user.values()))
    cal = WorkCalendar(today - datetime.timedelta(days=60), today)
    for due in dues:  # each item's line once, whoever reads it
        due.line = item_line(due, today, cal)
    user_ids = sorted(by_user)
    for start in range(0, len(user_ids), batch_size):
        batch = user_ids[start : start + batch_size]
        for attempt in (1, 2):
            try:
                _send_batch(batch, by_user, today, cal, result)
                break
            except IntegrityError:  # a concurrent sweep won a row: re-read, retry
                if attempt == 2:
                    raise
    return result


def _send_batch(user_ids, by_user, today, cal, result: SweepResult) -> None:
    dues = {id(d): d for uid in user_ids for d in by_user[uid]}.values()
    with transaction.atomic():
        users = list(
            User.objects.select_for_update()
            .filter(pk__in=user_ids, is_active=True)
            .order_by("pk")
        )
        owed = _still_owed(dues, today)
        sent = set(
            Reminder.objects.filter(
                user_id__in=user_ids,
                stage_id__in={d.stage.pk for d in dues},
                item_id__in={d.item_id for d in dues},
            ).values_list("stage_id", "item_id", "occurrence", "user_id")
        )
        mail_off = set(
            ReminderPreference.objects.filter(
                user_id__in=user_ids, email=False
            ).values_list("user_id", "kind")
        )
        emails, rows, notes = [], [], []
        for user in users:
            items = [
                d
                for d in by_user[user.pk]
                if (d.kind, d.item_id) in owed
                and (d.stage.pk, d.item_id, d.occurrence, user.pk) not in sent
            ]
            result.no_longer_owed += sum(
                1 for d in by_user[user.pk] if (d.kind, d.item_id) not in owed
            )
            if not items:
                continue
            mailed = [d for d in items if (user.pk, d.kind) not in mail_off]
            mailed_ids = {id(d) for d in mailed}
            email = None
            if mailed and user.email:
                email = OutboundEmail(
                    to=[user.email],
                    subject=digest_subject(today, len(mailed)),
                    body=digest_body(user, mailed, today, cal),
                )
                emails.append(email)
            rows += [
                (
                    due.stage.pk,
                    due.item_id,
                    due.occurrence,
                    user.pk,
                    due.organization_id,
                    due.due_date,
                    today,
                    due.confidentiality,
                    email if id(due) in mailed_ids else None,
                )
                for due in items
            ]
            # In the product, one notice a day too: the digest's list.
            notes.append(
                Notification(
                    user=user,
                    title=digest_subject(today, len(items)),
                    body="\n".join(
                        f"{n}. {due.title} — {due.line}"
                        for n, due in enumerate(sorted(items, key=_digest_order), 1)
                    ),
                    url=reverse("accounts:home"),
                )
            )
        OutboundEmail.objects.bulk_create(emails)
        # The e-mails have their keys now.
        _insert_reminders([(*row[:-1], row[-1] and row[-1].pk) for row in rows])
        Notification.objects.bulk_create(notes)
        for email in emails:
            enqueue_after_commit(email.pk)
    result.reminders += len(rows)
    result.emails += len(emails)


REMINDER_COLUMNS = (
    "stage_id",
    "item_id",
    "occurrence",
    "user_id",
    "organization_id",
    "due_date",
    "for_date",
    "confidentiality",
    "email_id",
    "created_at",
)


def _insert_reminders(rows: list[tuple]) -> None:
    """Write the rows (values in ``REMINDER_COLUMNS`` order, without
    ``created_at``) in one statement: PostgreSQL's COPY (tens of thousands of
    rows in a city's sweep), else bulk_create. A row that already exists (a
    concurrent sweep) is an IntegrityError either way: the batch rolls back
    and is retried."""
    if connection.vendor != "postgresql" or not rows:
        Reminder.objects.bulk_create(
            Reminder(**dict(zip(REMINDER_COLUMNS, row, strict=False))) for row in rows
        )
        return
    now = timezone.now()
    columns = ", ".join(REMINDER_COLUMNS)
    sql = f"COPY {Reminder._meta.db_table} ({columns}) FROM STDIN"  # noqa: S608
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row((*row, now))


def _still_owed(dues, today: datetime.date) -> set[tuple[str, int]]:
    """The (kind, item) pairs still owed now, read under the batch's lock:
    an organisation that answered, submitted or finished since planning is not
    reminded. At most one query per kind."""
    ids: dict[str, set[int]] = defaultdict(set)
    for due in dues:
        ids[due.kind].add(due.item_id)
    # kind → the rows still owed among ``ids[kind]``, as a query of item ids
    still_owed = {
        Kind.REQUEST: lambda pks: RequestRecipient.objects.filter(
            pk__in=pks,
            state__in=RequestRecipient.AWAITING_ANSWER,
            request__status=CoordinationRequest.Status.OPEN,
        ).values_list("pk", flat=True),
        Kind.EXCHANGE: lambda pks: ExchangeReport.objects.filter(
            pk__in=pks, state__in=ExchangeReport.OWED
        ).values_list("pk", flat=True),
        Kind.EXCHANGE_MISSING: lambda pks: (
            ExchangeReport.objects.filter(
                round_id__in=pks, state__in=ExchangeReport.OWED
            )
            .values_list("round_id", flat=True)
            .distinct()
        ),
        Kind.ACTION_ITEM: lambda pks: ActionItem.objects.filter(
            pk__in=pks, done_at__isnull=True
        ).values_list("pk", flat=True),
        Kind.CALENDAR: lambda pks: (
            calendar_entries_ahead(today, 366)
            .filter(pk__in=pks)
            .values_list("pk", flat=True)
        ),
        Kind.REVIEW_ITEM: lambda pks: ReviewActionItem.objects.filter(
            pk__in=pks, done_at__isnull=True
        ).values_list("pk", flat=True),
    }
    return {
        (kind, pk) for kind, pks in ids.items() if pks for pk in still_owed[kind](pks)
    }


# --- Texts -------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def deadline_text(due_date: datetime.date, today: datetime.date, cal) -> str:
    """Days left or overdue (cached: a sweep asks for the same few dates
    thousands of times)."""
    if due_date == today:
        return _("đến hạn hôm nay")
    if due_date > today:
        n = cal.between(today, due_date)
        return ngettext("còn %(n)s ngày làm việc", "còn %(n)s ngày làm việc", n) % {
            "n": n
        }
    n = max(cal.between(due_date, today), 1)
    return ngettext("quá hạn %(n)s ngày làm việc", "quá hạn %(n)s ngày làm việc", n) % {
        "n": n
    }


def item_line(due: Due, today: datetime.date, cal) -> str:
    """What is owed and by when. A classified item names no deadline: the
    cleared reader sees it in the product."""
    if due.confidentiality:
        return _("Hạn: xem trong hệ thống.")
    if due.kind == Kind.CALENDAR:
        return _("Ngày %(date)s (%(left)s).") % {
            "date": f"{due.due_date:%d/%m/%Y}",
            "left": deadline_text(due.due_date, today, cal),
        }
    if due.kind == Kind.EXCHANGE_MISSING:
        return _("Khóa sổ ngày %(date)s (%(left)s). Chưa nộp: %(names)s.") % {
            "date": f"{due.due_date:%d/%m/%Y}",
            "left": deadline_text(due.due_date, today, cal),
            "names": "; ".join(due.missing),
        }
    return _("Hạn: %(date)s (%(left)s).") % {
        "date": f"{due.due_date:%d/%m/%Y}",
        "left": deadline_text(due.due_date, today, cal),
    }


def digest_subject(today: datetime.date, count: int) -> str:
    return ngettext(
        "Nhắc việc ngày %(date)s: %(n)s việc cần làm",
        "Nhắc việc ngày %(date)s: %(n)s việc cần làm",
        count,
    ) % {"date": f"{today:%d/%m/%Y}", "n": count}


def digest_body(user: User, dues: list[Due], today: datetime.date, cal) -> str:
    site = settings.SITE_URL
    lines = [
        _("Kính gửi đồng chí %(name)s,") % {"name": user.get_full_name() or user},
        "",
        _("Các việc sau đây đang chờ đơn vị của đồng chí:"),
        "",
    ]
    kinds = dict(Kind.choices)
    for n, due in enumerate(sorted(dues, key=_digest_order), start=1):
        lines += [
            f"{n}. {due.title}",
            f"   {kinds[due.kind]}. {due.line}",
            f"   {site}{due.url}",
            "",
        ]
    lines += [
        _("Thư này được gửi tự động mỗi ngày làm việc lúc %(time)s.")
        % {"time": "{:02d}:{:02d}".format(*settings.REMINDER_DIGEST_TIME)},
        _("Chọn loại việc nhận thư nhắc: %(url)s")
        % {"url": f"{site}{reverse('coordination:reminder-preferences')}"},
    ]
    return "\n".join(lines) + "\n"


def _digest_order(due: Due):
    return (due.due_date or datetime.date.max, due.title)


# --- Preferences ---------------------------------------------------------------------


def set_preferences(*, user: User, email_kinds: set[str]) -> None:
    """E-mail on for the kinds in ``email_kinds``, off for the others (in-app
    notifications stay on)."""
    with transaction.atomic():
        for kind in Kind.values:
            ReminderPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": kind in email_kinds}
            )


def email_kinds(user: User) -> set[str]:
    off = set(
        ReminderPreference.objects.filter(user=user, email=False).values_list(
            "kind", flat=True
        )
    )
    return set(Kind.values) - off
