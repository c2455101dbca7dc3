"""Two people act on the same request at once: exactly one wins
(RELIABILITY.md T23), on PostgreSQL (row locks) and on the embedded SQLite
(a file database whose transactions take the write lock when they begin:
``transaction_mode`` IMMEDIATE and a busy timeout in config/settings.py)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from coordination.models import RequestEvent, RequestRecipient
from coordination.requests import escalation, transitions, workflow
from coordination.requests import services as svc
from tests.factories import make_not_agreed, make_request

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    """Run the callables in threads released together; return their results
    (the value or the exception)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.fixture
def concurrent_db():
    """Each thread has its own connection to one database that serialises
    writers: PostgreSQL, or SQLite on a file (the test settings put the test
    database in a file: Django's shared-cache in-memory one fails at once
    instead of waiting)."""
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "race tests need a file database"
        assert connection.transaction_mode == "IMMEDIATE"


def test_two_answers_at_once_exactly_one_wins(concurrent_db, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = req.recipients.get()
    seen = rec.version
    results = _race(
        lambda: transitions.answer_request(
            recipient=rec, by=ward.officer, body="Trả lời 1", expected_version=seen
        ),
        lambda: transitions.answer_request(
            recipient=rec,
            by=ward.cleared_officer,
            body="Trả lời 2",
            expected_version=seen,
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], workflow.TransitionError)
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ANSWERED
    assert rec.answers.count() == 1
    assert RequestEvent.objects.filter(recipient=rec, action="answer").count() == 1
    assert rec.history.filter(state="answered").count() == 1


def test_answer_and_withdraw_at_once_exactly_one_wins(concurrent_db, ward):
    """Without a version: the lock alone serialises them; whoever is second
    sees the new state and is refused."""
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = req.recipients.get()
    results = _race(
        lambda: transitions.answer_request(
            recipient=rec, by=ward.officer, body="Trả lời"
        ),
        lambda: svc.withdraw_request(request=req, by=ward.secretary_a),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], workflow.TransitionError)
    rec.refresh_from_db()
    assert rec.state in (
        RequestRecipient.State.ANSWERED,
        RequestRecipient.State.WITHDRAWN,
    )
    assert (
        RequestEvent.objects.filter(recipient=rec).exclude(action="send").count() == 1
    )


def test_two_escalations_at_once_exactly_one_wins(concurrent_db, ward):
    rec = make_not_agreed(ward)
    results = _race(
        lambda: escalation.escalate_request(
            recipient=rec,
            by=ward.secretary_a,
            sender_position="A",
            recipient_position="B",
        ),
        lambda: escalation.escalate_request(
            recipient=rec,
            by=ward.officer,
            sender_position="A2",
            recipient_position="B2",
        ),
    )
    assert sum(isinstance(r, workflow.TransitionError) for r in results) == 1, results
    assert RequestEvent.objects.filter(recipient=rec, action="escalate").count() == 1


def test_two_answers_over_http_one_wins_and_the_other_is_told(concurrent_db, ward):
    """Through the views, as two browsers would: no 5xx, one answer; the other
    person is sent back to the request with a Vietnamese message."""
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = req.recipients.get()
    url = reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, "answer"]
    )
    clients = []
    for user in (ward.officer, ward.cleared_officer):
        client = Client()
        client.force_login(user)
        clients.append(client)
    connections.close_all()  # the threads open their own connections

    def post(client, body):
        return lambda: client.post(url, {"body": body, "version": rec.version})

    responses = _race(post(clients[0], "Trả lời 1"), post(clients[1], "Trả lời 2"))
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {req.get_absolute_url()}
    told = [str(m) for r in responses for m in r.wsgi_request._messages]
    assert sum("Đã thực hiện" in m for m in told) == 1, told
    # the loser is told someone else has just acted (the form carried a version)
    assert sum("người khác cập nhật" in m for m in told) == 1, told
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ANSWERED
    assert rec.answers.count() == 1
