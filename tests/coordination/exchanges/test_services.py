"""Exchange rounds and the report workflow, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail  # noqa: F401

from coordination.exchanges import periods, services, workflow
from coordination.exchanges.selectors import report_duties, report_sections
from coordination.models import (
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
    Organization,
)
from coordination.permissions import visible_exchange_reports
from regulations.models import Regulation

from .conftest import H1_DAY, fresh, report_of

State = ExchangeReport.State


def test_ward_regulation_gives_six_monthly_yearly_and_ad_hoc(ward, ward_regulation):
    assert periods.round_kinds(ward_regulation) == ["h1", "h2", "year"]
    assert periods.allows_ad_hoc(ward_regulation)


def test_province_regulation_has_no_yearly_round(db, ward_regulation):
    province = Regulation.objects.get(code="qc-tinh-810-2023", status="in_force")
    assert periods.round_kinds(province) == ["h1", "h2"]


def test_round_creation_is_idempotent(ward, ward_regulation):
    first = periods.ensure_rounds(H1_DAY, wards=[ward.root])
    assert sorted(r.kind for r in first) == ["h1", "h2", "year"]
    reports = ExchangeReport.objects.count()
    # Three cells report to the police; the police reports to the cells.
    assert reports == 3 * 4
    assert periods.ensure_rounds(H1_DAY, wards=[ward.root]) == []
    assert ExchangeReport.objects.count() == reports
    assert ExchangeRound.objects.count() == 3


def test_december_creates_next_year_ahead(ward, ward_regulation):
    created = periods.ensure_rounds(datetime.date(2026, 12, 1), wards=[ward.root])
    assert {(r.kind, r.year) for r in created} >= {("h1", 2027), ("year", 2027)}


def test_due_and_lock_dates_default_and_move_off_days_off(h1, settings):
    # 30/06 + 10 days = Friday 10/07/2026; lock 20 days later.
    assert h1.due_date == datetime.date(2026, 7, 10)
    assert h1.lock_date == datetime.date(2026, 7, 30)
    due, _lock = periods.due_and_lock(datetime.date(2026, 6, 30), 11, 20)
    assert due == datetime.date(2026, 7, 13)  # Saturday → Monday


def test_schedule_set_by_standing_committee_moves_rounds_not_yet_due(ward, rounds):
    services.set_schedule(
        ward=ward.root,
        by=fresh(ward.standing_member),
        due_days=5,
        lock_days=10,
        today=H1_DAY,
    )
    h1 = ExchangeRound.objects.get(pk=rounds["h1"].pk)
    assert h1.due_date == datetime.date(2026, 7, 6)
    with pytest.raises(workflow.NotAllowed):
        services.set_schedule(
            ward=ward.root, by=fresh(ward.secretary_a), due_days=5, lock_days=10
        )


def test_form_sections_follow_the_regulation(h1, ward):
    cell = report_of(h1, ward.cell_a)
    police = report_of(h1, ward.police)
    cell_sections = [s.key for s in report_sections(cell)]
    police_sections = [s.key for s in report_sections(police)]
    assert cell_sections[-1] == "summary" and "anqg" in cell_sections
    assert police_sections[0] == "new_policies"
    assert all(d.side.role == "cells" for d in report_duties(cell))
    assert all(d.side.role == "police" for d in report_duties(police))


def test_draft_submit_return_resubmit_accept(ward, h1):
    report = report_of(h1, ward.cell_a)
    duty = report_duties(report)[0]
    services.save_draft(
        report=report,
        by=fresh(ward.staff_a),
        expected_version=report.version,
        fields={"results": "Đã phối hợp tốt"},
        entries={duty.pk: "Tuần tra"},
    )
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert report.entries.get().text == "Tuần tra"
    with pytest.raises(workflow.NotAllowed):  # support staff prepare, leaders submit
        services.submit_report(report=report, by=fresh(ward.staff_a))
    late_day = h1.due_date + datetime.timedelta(days=1)
    services.submit_report(report=report, by=fresh(ward.secretary_a), today=late_day)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.submitted_late
    with pytest.raises(workflow.TransitionError):
        services.return_report(report=report, by=fresh(ward.officer), reason="  ")
    services.return_report(
        report=report, by=fresh(ward.officer), reason="Thiếu số liệu"
    )
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "Bổ sung"}
    )
    report.refresh_from_db()
    assert report.state == State.RETURNED
    services.submit_report(report=report, by=fresh(ward.secretary_a), today=late_day)
    services.accept_report(report=report, by=fresh(ward.officer))
    report.refresh_from_db()
    assert report.state == State.ACCEPTED and report.submitted_late
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["save", "submit", "return", "resubmit", "accept"]


def test_police_report_accepted_once_every_cell_acknowledges(ward, h1):
    report = report_of(h1, ward.police)
    services.save_draft(report=report, by=fresh(ward.officer), fields={"results": "x"})
    services.submit_report(report=report, by=fresh(ward.officer), today=H1_DAY)
    for user in (ward.secretary_a, ward.secretary_b):
        services.acknowledge_report(report=report, by=fresh(user))
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    with pytest.raises(workflow.TransitionError):
        services.acknowledge_report(report=report, by=fresh(ward.secretary_a))
    # Cell C's secretary is created here: the fixture has none.
    from tests.factories import make_user

    secretary_c = make_user("secretary_c", org=ward.cell_c)
    services.acknowledge_report(report=report, by=fresh(secretary_c))
    report.refresh_from_db()
    assert report.state == State.ACCEPTED


def test_locked_round_needs_reopening(ward, h1):
    report = report_of(h1, ward.cell_a)
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "x"}
    )
    after_lock = h1.lock_date + datetime.timedelta(days=1)
    with pytest.raises(workflow.TransitionError, match="khóa sổ"):
        services.submit_report(
            report=report, by=fresh(ward.secretary_a), today=after_lock
        )
    with pytest.raises(workflow.NotAllowed):
        services.reopen_report(report=report, by=fresh(ward.officer), reason="x")
    report = ExchangeReport.objects.get(pk=report.pk)
    services.reopen_report(
        report=report,
        by=fresh(ward.office_staff),
        reason="Đơn vị đổi bí thư",
        today=after_lock,
    )
    services.submit_report(report=report, by=fresh(ward.secretary_a), today=after_lock)
    report.refresh_from_db()
    assert report.submitted_late and report.state == State.SUBMITTED
    assert ExchangeEvent.objects.filter(report=report, action="reopen").get().comment


def test_two_editors_of_one_draft_never_overwrite_silently(ward, h1):
    report = report_of(h1, ward.cell_a)
    version = report.version
    services.save_draft(
        report=report,
        by=fresh(ward.staff_a),
        expected_version=version,
        fields={"results": "Bản của cán bộ giúp việc"},
    )
    with pytest.raises(workflow.StaleDraft) as refused:
        services.save_draft(
            report=report,
            by=fresh(ward.secretary_a),
            expected_version=version,
            fields={"results": "Bản của bí thư"},
        )
    assert refused.value.current.results == "Bản của cán bộ giúp việc"
    report.refresh_from_db()
    assert report.results == "Bản của cán bộ giúp việc"


def test_visibility_author_counterpart_oversight_only(ward, h1):
    cell_a = report_of(h1, ward.cell_a)
    assert cell_a in visible_exchange_reports(fresh(ward.secretary_a))
    assert cell_a in visible_exchange_reports(fresh(ward.officer))
    assert cell_a in visible_exchange_reports(fresh(ward.standing_member))
    assert cell_a not in visible_exchange_reports(fresh(ward.secretary_b))
    # A draft's content is its author's own until submitted.
    assert not workflow.can_read_content(fresh(ward.officer), cell_a)
    assert workflow.can_read_content(fresh(ward.staff_a), cell_a)


def test_extra_entries_for_other_sides_duties_are_ignored(ward, h1):
    report = report_of(h1, ward.cell_a)
    police_duty = report_duties(report_of(h1, ward.police))[0]
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), entries={police_duty.pk: "x"}
    )
    assert not report.entries.exists()


def test_ad_hoc_round_for_chosen_cells(ward, ward_regulation):
    round_ = periods.open_ad_hoc_round(
        ward=ward.root,
        by=fresh(ward.officer),
        topic="Tình hình khiếu kiện",
        organizations=[ward.cell_a, ward.standing],
        due_date=datetime.date(2026, 4, 1),
        today=H1_DAY,
    )
    orgs = set(round_.reports.values_list("organization__code", "direction"))
    assert orgs == {("cell-a", "to_police"), (ward.police.code, "to_cells")}
    assert list(round_.organizations.all()) == [Organization.objects.get(code="cell-a")]


def test_readme_has_the_workflow_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert "\n".join(workflow.workflow_table()) in readme
