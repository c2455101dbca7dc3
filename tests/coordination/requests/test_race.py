"""Two people act on the same request at once: exactly one wins
(RELIABILITY.md T23). Needs real row locks: PostgreSQL only."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection, connections

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
def postgres_only():
    if connection.vendor != "postgresql":
        reason = "row locks need PostgreSQL (set DATABASE_URL=postgres://…)"
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"required service unavailable: {reason}")
        pytest.skip(reason)


def test_two_answers_at_once_exactly_one_wins(postgres_only, ward):
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


def test_answer_and_withdraw_at_once_exactly_one_wins(postgres_only, ward):
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


def test_two_escalations_at_once_exactly_one_wins(postgres_only, ward):
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
