"""Drafts compiled by beat after a six-monthly round's lock date and on the
year's date (``reports.scheduled``): created once with the lookup of the
"create" button, the police committee's leaders and support staff notified
once, nothing more on a second run, a fixed number of queries to find the
work."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from coordination.exchanges.periods import ensure_rounds
from coordination.models import Membership, Notification
from coordination.schedules import load_schedules
from reports import scheduled
from reports.models import ReportDraft
from tests.coordination.exchanges.conftest import (  # noqa: F401
    h1,
    rounds,
    ward_regulation,
)
from tests.factories import make_org, make_user

D = datetime.date
pytestmark = pytest.mark.django_db


def _noted(title_part="Dự thảo báo cáo"):
    return sorted(
        Notification.objects.filter(title__contains=title_part).values_list(
            "user__username", flat=True
        )
    )


def test_nothing_before_the_lock_date(ward, h1):  # noqa: F811
    assert h1.lock_date == D(2026, 7, 30)
    assert scheduled.create_due_drafts(D(2026, 7, 30)) == []
    assert not ReportDraft.objects.exists()
    assert _noted() == []


def test_after_the_lock_date_the_draft_is_created_and_leaders_notified_once(
    ward,
    h1,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        created = scheduled.create_due_drafts(D(2026, 7, 31))
    assert len(created) == 1
    draft = created[0]
    assert (draft.ward, draft.round, draft.year) == (ward.root, h1, 2026)
    # The police committee's secretary; the committee member is not told.
    assert draft.created_by == ward.officer
    assert draft.status == ReportDraft.Status.DRAFT
    assert draft.data_refreshed_at is not None
    assert _noted() == ["officer", "police_staff"]
    note = Notification.objects.filter(user=ward.officer).latest("pk")
    assert note.url == draft.get_absolute_url()
    assert "6 tháng" in note.title or h1.label in note.title

    # Again (the next day, or a second beat): nothing more.
    assert scheduled.create_due_drafts(D(2026, 7, 31)) == []
    assert scheduled.create_due_drafts(D(2026, 8, 1)) == []
    assert ReportDraft.objects.count() == 1
    assert _noted() == ["officer", "police_staff"]


def test_a_draft_made_by_hand_is_left_alone(ward, h1):  # noqa: F811
    ReportDraft.objects.create(
        ward=ward.root, round=h1, year=2026, created_by=ward.police_staff
    )
    assert scheduled.create_due_drafts(D(2026, 8, 1)) == []
    assert ReportDraft.objects.get().created_by == ward.police_staff
    assert _noted() == []


def test_the_year_draft_on_the_wards_date(ward, rounds):  # noqa: F811
    assert {d.round_id for d in scheduled.create_due_drafts(D(2026, 12, 14))} == {
        rounds["h1"].pk
    }
    created = scheduled.create_due_drafts(D(2026, 12, 15))
    assert [(d.round, d.year) for d in created] == [(None, 2026)]
    assert scheduled.create_due_drafts(D(2026, 12, 16)) == []
    with override_settings(REPORT_YEAR_DRAFT_DATE=(11, 1)):
        assert scheduled.year_draft_year(D(2027, 10, 31)) == 2026
        assert scheduled.year_draft_year(D(2027, 11, 1)) == 2027


def test_the_deputy_creates_it_without_a_secretary_and_nobody_without_leaders(
    ward,
    h1,  # noqa: F811
):
    deputy = make_user(
        "police_deputy",
        org=ward.police,
        position=Membership.Position.DEPUTY_SECRETARY,
    )
    Membership.objects.filter(user=ward.officer).update(end_date=D(2026, 7, 1))
    draft = scheduled.create_due_drafts(D(2026, 7, 31))[0]
    assert draft.created_by == deputy
    assert _noted() == ["police_deputy", "police_staff"]

    draft.delete()
    Membership.objects.filter(user=deputy).update(end_date=D(2026, 7, 1))
    assert scheduled.create_due_drafts(D(2026, 8, 1)) == []
    assert not ReportDraft.objects.exists()


def _other_wards(n, regulation):
    for i in range(n):
        root = make_org(f"Đảng bộ phường {i}", kind="ward_committee", code=f"p{i}")
        police = make_org(
            f"Đảng ủy Công an phường {i}",
            kind="police_committee",
            parent=root,
            code=f"ca{i}",
        )
        make_org(f"Chi bộ {i}", parent=root, code=f"cb{i}")
        make_user(f"ca_bithu_{i}", org=police)
        ensure_rounds(D(2026, 3, 2), wards=[root], fallback=regulation)


def _queries(today) -> int:
    with CaptureQueriesContext(connection) as queries:
        scheduled.create_due_drafts(today)
    return len(queries)


def test_finding_the_work_takes_the_same_queries_for_more_wards(
    ward,
    rounds,  # noqa: F811
    ward_regulation,  # noqa: F811
):
    scheduled.create_due_drafts(D(2026, 12, 20))
    small = _queries(D(2026, 12, 21))
    _other_wards(3, ward_regulation)
    scheduled.create_due_drafts(D(2026, 12, 20))
    assert ReportDraft.objects.count() == 4 * 2  # H1 and the year per ward
    assert _queries(D(2026, 12, 21)) == small


def test_beat_has_a_daily_default_entry_for_the_task():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    load_schedules()
    task = PeriodicTask.objects.get(name="create-report-drafts")
    assert task.task == "reports.tasks.create_scheduled_drafts_task"
    assert task.crontab is not None
    app.loader.import_default_modules()
    assert task.task in app.tasks


def test_the_task_runs_the_service(ward, h1, time_machine):  # noqa: F811
    from reports.tasks import create_scheduled_drafts_task

    time_machine.move_to(datetime.datetime(2026, 8, 2, 3, 0, tzinfo=datetime.UTC))
    assert create_scheduled_drafts_task.apply().get() == 1
    assert create_scheduled_drafts_task.apply().get() == 0
