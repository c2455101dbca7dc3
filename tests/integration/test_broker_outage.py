"""T29 for real (RELIABILITY.md): the broker goes down while users work.

A private redis-server (never the shared one), a real Celery worker and a real
celery beat on it, the test PostgreSQL database and an aiosmtpd sink. Redis is
stopped; the police committee sends ten coordination requests (to two cells) over real HTTP
(live_server); every response is quick, every request is saved and its
e-mails wait in the outbox. Redis is started again on the same port: beat's
outbox sweep, run by the worker, delivers every e-mail exactly once."""

from __future__ import annotations

import http.client
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from coordination.models import CoordinationRequest, OutboundEmail
from tests.factories import make_request

from .conftest import WORKER_ARGS, celery_process, publishing_to, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.fault]

TRANSITIONS = 10
DRAIN_SECONDS = 2  # beat's sweep interval in this test (60 s in production)
MIN_AGE_SECONDS = 1  # a pending row's age before the sweep takes it (30 s)
CSRF_SECRET = "t29" + "x" * 29  # an unmasked 32-character CSRF secret


class Browser:
    """Real HTTP to live_server with a logged-in session, no redirects followed."""

    def __init__(self, base_url: str, session_key: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
        )

    def post(self, path: str, data: dict) -> tuple[int, float]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        started = time.monotonic()
        try:
            conn.request(
                "POST",
                path,
                body=urlencode(data),
                headers={
                    "Cookie": self.cookie,
                    "X-CSRFToken": CSRF_SECRET,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        return response.status, time.monotonic() - started


def _words(text: str) -> str:
    """A header as its words: folding of long Vietnamese subjects adds spaces."""
    return " ".join(str(text).split())


def _sink_keys(smtp_sink) -> list[tuple[str, str]]:
    with smtp_sink.lock:
        return [
            (rcpt, _words(message["Subject"]))
            for rcpts, message in smtp_sink.messages
            for rcpt in rcpts
        ]


def test_broker_outage_saves_requests_and_mails_each_exactly_once_after_restart(
    postgres, private_redis, smtp_sink, live_server, client, tmp_path, ward
):
    sweep_env = {
        "OUTBOX_DRAIN_SECONDS": str(DRAIN_SECONDS),
        "OUTBOX_MIN_AGE_SECONDS": str(MIN_AGE_SECONDS),
    }
    common = {
        "broker_url": private_redis.url,
        "smtp_port": smtp_sink.port,
        "tmp_path": tmp_path,
        "env": sweep_env,
    }
    drafts = [
        make_request(
            by=ward.officer,
            sender=ward.police,
            recipients=[ward.cell_a, ward.cell_b],
            subject=f"Đề nghị phối hợp số {n:02d} khi mất kết nối hàng đợi",
            send=False,
        )
        for n in range(1, TRANSITIONS + 1)
    ]
    assert not OutboundEmail.objects.exists()  # drafts notify nobody
    client.force_login(ward.officer)
    browser = Browser(
        live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value
    )

    with (
        celery_process(
            "worker", args=WORKER_ARGS, ready_text="ready", **common
        ) as worker,
        celery_process(
            "beat",
            args=(
                "-l",
                "info",
                "-s",
                str(tmp_path / "beat-schedule"),
                "--pidfile",
                str(tmp_path / "beat.pid"),
            ),
            ready_text="beat: Starting",
            **common,
        ) as beat,
        publishing_to(private_redis.url),
    ):
        # --- Redis down: the web side must neither hang nor lose anything.
        private_redis.stop()
        down_at = time.monotonic()
        timings = []
        for draft in drafts:
            status, elapsed = browser.post(
                reverse("coordination:request-send", args=[draft.pk]),
                {"version": draft.version},
            )
            assert status == 302, status
            timings.append(elapsed)
        print(
            f"HTTP while Redis down: max {max(timings):.3f} s, "
            f"mean {sum(timings) / len(timings):.3f} s"
        )
        assert max(timings) < 2, timings
        assert (
            CoordinationRequest.objects.filter(
                pk__in=[d.pk for d in drafts], status=CoordinationRequest.Status.OPEN
            ).count()
            == TRANSITIONS
        )
        emails = list(OutboundEmail.objects.all())
        expected = Counter((e.to[0], _words(e.subject)) for e in emails)
        assert len(emails) >= TRANSITIONS
        assert all(len(e.to) == 1 for e in emails)
        assert len(expected) == len(emails)  # one row per recipient and transition
        # Several sweeps come and go while Redis is down: nothing is sent.
        time.sleep(max(0.0, 3 * DRAIN_SECONDS - (time.monotonic() - down_at)))
        assert {e.status for e in OutboundEmail.objects.all()} == {
            OutboundEmail.Status.PENDING
        }
        assert _sink_keys(smtp_sink) == []
        assert worker.poll() is None and beat.poll() is None

        # --- Redis back on the same port: worker and beat reconnect, the
        # outbox sweep delivers.
        private_redis.start()
        up_at = time.monotonic()
        assert wait_for(
            lambda: len(_sink_keys(smtp_sink)) >= len(emails), timeout=90, interval=0.5
        ), (len(_sink_keys(smtp_sink)), len(emails))
        print(
            f"drained {len(emails)} e-mails {time.monotonic() - up_at:.1f} s "
            "after Redis restarted"
        )
        # Another two sweeps: nothing more arrives.
        time.sleep(2 * DRAIN_SECONDS + 1)
        received = _sink_keys(smtp_sink)
        assert Counter(received) == expected  # none lost, none duplicated
        with smtp_sink.lock:
            message_ids = [m["Message-ID"] for _r, m in smtp_sink.messages]
        assert len(set(message_ids)) == len(message_ids) == len(emails)
        assert not OutboundEmail.objects.exclude(
            status=OutboundEmail.Status.SENT
        ).exists()
        assert all(e.attempts == 1 for e in OutboundEmail.objects.all())
