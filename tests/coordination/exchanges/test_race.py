"""Two people act on the same report at once: exactly one wins (RELIABILITY.md
T23/T24), through the services and through the pages, on PostgreSQL (row
locks) and on the embedded SQLite (IMMEDIATE transactions); the approach of
tests/coordination/requests/test_race.py."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from coordination.exchanges import services, workflow
from coordination.models import ExchangeAcknowledgement, ExchangeEvent, ExchangeReport
from tests.coordination.requests.test_race import _race, concurrent_db  # noqa: F401

from .conftest import fresh, report_of

pytestmark = pytest.mark.django_db(transaction=True)
State = ExchangeReport.State


def _draft(ward, round_):
    report = report_of(round_, ward.cell_a)
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "Kết quả"}
    )
    report.refresh_from_db()
    return report


def test_two_submits_at_once_exactly_one_event(concurrent_db, ward, h1_now):  # noqa: F811
    report = _draft(ward, h1_now)
    seen = report.version
    results = _race(
        lambda: services.submit_report(
            report=report, by=fresh(ward.secretary_a), expected_version=seen
        ),
        lambda: services.submit_report(
            report=report, by=fresh(ward.deputy_a), expected_version=seen
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], workflow.TransitionError)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.submission == 1
    assert ExchangeEvent.objects.filter(report=report, action="submit").count() == 1
    assert report.history.filter(state=State.SUBMITTED).count() == 1


def test_submit_and_autosave_at_once_one_wins(concurrent_db, ward, h1_now):  # noqa: F811
    """Without a version on the submit: the lock alone serialises them; a
    save after the submit is refused (the report is no longer editable), a
    submit after the save submits what was saved."""
    report = _draft(ward, h1_now)
    seen = report.version
    results = _race(
        lambda: services.submit_report(report=report, by=fresh(ward.secretary_a)),
        lambda: services.save_draft(
            report=report,
            by=fresh(ward.staff_a),
            expected_version=seen,
            fields={"results": "Bản sửa"},
        ),
    )
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert ExchangeEvent.objects.filter(report=report, action="submit").count() == 1
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) <= 1, results
    if errors:  # the submit came first: the save is refused, nothing lost silently
        assert isinstance(errors[0], workflow.TransitionError)
        assert report.results == "Kết quả"
    else:
        assert report.results == "Bản sửa"


def test_two_acknowledgements_by_one_cell_at_once(concurrent_db, ward, h1_now):  # noqa: F811
    report = report_of(h1_now, ward.police)
    services.save_draft(report=report, by=fresh(ward.officer), fields={"results": "x"})
    services.submit_report(report=report, by=fresh(ward.officer))
    results = _race(
        lambda: services.acknowledge_report(report=report, by=fresh(ward.secretary_a)),
        lambda: services.acknowledge_report(report=report, by=fresh(ward.deputy_a)),
    )
    assert sum(isinstance(r, workflow.TransitionError) for r in results) == 1, results
    assert ExchangeAcknowledgement.objects.filter(report=report).count() == 1
    assert (
        ExchangeEvent.objects.filter(report=report, action="acknowledge").count() == 1
    )


def test_two_submits_over_http_one_wins_and_the_other_is_told(
    concurrent_db,  # noqa: F811
    ward,
    h1_now,
):
    """Through the views, as two browsers would: no 5xx, one submission; the
    other person is sent back to the report with a Vietnamese message."""
    report = _draft(ward, h1_now)
    url = reverse("coordination:exchange-action", args=[report.pk, "submit"])
    clients = []
    for user in (ward.secretary_a, ward.deputy_a):
        client = Client()
        client.force_login(user)
        clients.append(client)
    connections.close_all()  # the threads open their own connections

    def post(client):
        return lambda: client.post(url, {"version": report.version})

    responses = _race(post(clients[0]), post(clients[1]))
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {report.get_absolute_url()}
    told = [str(m) for r in responses for m in r.wsgi_request._messages]
    assert sum("Đã thực hiện" in m for m in told) == 1, told
    assert sum("người khác cập nhật" in m for m in told) == 1, told
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert ExchangeEvent.objects.filter(report=report, action="submit").count() == 1


def test_two_autosaves_at_once_one_is_told_to_compare(concurrent_db, ward, h1_now):  # noqa: F811
    """Two editors' autosaves with the version they both opened: one is
    saved, the other gets the comparison (409), never a silent overwrite."""
    report = _draft(ward, h1_now)
    url = reverse("coordination:exchange-save", args=[report.pk])
    clients = []
    for user in (ward.secretary_a, ward.staff_a):
        client = Client()
        client.force_login(user)
        clients.append(client)
    connections.close_all()

    def post(client, text):
        data = {
            "confidentiality": "0",
            "version": report.version,
            "results": text,
            "autosave": "1",
        }
        return lambda: client.post(url, data)

    responses = _race(post(clients[0], "Bản A"), post(clients[1], "Bản B"))
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) == [200, 409], responses
    loser = next(r for r in responses if r.status_code == 409).content.decode()
    report.refresh_from_db()
    assert report.results in ("Bản A", "Bản B")
    assert report.results in loser  # the winner's text is shown to the loser
