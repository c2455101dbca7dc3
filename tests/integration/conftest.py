"""Fixtures that start real processes on 127.0.0.1: an SMTP sink (aiosmtpd) and
a Celery worker consuming from Redis against the test PostgreSQL database.

These tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). A newcomer's
machine without them skips them; CI sets REQUIRE_SERVICES=1 so a missing
service fails the run instead of skipping silently."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def _missing(reason: str):
    if os.environ.get("REQUIRE_SERVICES"):
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        _missing("DATABASE_URL is not PostgreSQL")
    return connection


@pytest.fixture
def redis_url():
    url = settings.REDIS_URL or os.environ.get("REDIS_URL", "")
    if not url:
        _missing("REDIS_URL not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _missing(f"Redis not reachable: {exc}")
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        from email import message_from_bytes, policy

        with self.lock:
            self.messages.append(
                (
                    envelope.rcpt_tos,
                    message_from_bytes(envelope.content, policy=policy.default),
                )
            )
        return "250 OK"


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return predicate()


@pytest.fixture
def celery_worker_process(postgres, redis_url, smtp_sink, tmp_path):
    """A real `celery worker` subprocess. The test process publishes to the same
    Redis (eager mode off) and the worker writes to the same test database."""
    from config.celery import app

    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"test-{os.getpid()}-{free_port()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "-l",
            "info",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    keys = ("task_always_eager", "broker_url", "task_default_queue")
    old = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=redis_url,
        task_default_queue=queue,
    )
    try:
        ready = wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), 60)
        assert ready, (tmp_path / "worker.log").read_text()
        yield proc
    finally:
        app.conf.update(**old)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        print((tmp_path / "worker.log").read_text()[-3000:])
