"""Fixtures that start real processes on 127.0.0.1: an SMTP sink (aiosmtpd) and
a Celery worker consuming from Redis against the test PostgreSQL database.

These tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). A newcomer's
machine without them skips them; CI sets REQUIRE_SERVICES=1 so a missing
service fails the run instead of skipping silently."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
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


def _first_ephemeral_port() -> int:
    try:
        text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text()
        return int(text.split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A free port for a server a test starts, below the kernel's ephemeral
    range where it can: a port let go for a restart (the private Redis of the
    fault test) cannot be taken meanwhile by an outgoing connection of this or
    another pytest-xdist worker."""
    low, high = 20000, _first_ephemeral_port() - 1
    pick = random.SystemRandom()
    for _ in range(50 if high - low >= 1000 else 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", pick.randint(low, high)))
            except OSError:
                continue
            return sock.getsockname()[1]
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


def subprocess_database_url() -> str:
    """The URL of the test database, for a subprocess that must share it."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate a subprocess we started, then kill it if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def celery_process(
    command: str,
    *,
    broker_url: str,
    smtp_port: int,
    tmp_path: Path,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    ready_text: str,
    fake_now: str | None = None,
):
    """A real `celery worker` or `celery beat` subprocess against the test
    database, a broker and the SMTP sink. Yields the Popen once ``ready_text``
    is in its log; always terminates it (and prints the log's tail) on exit.
    With ``fake_now`` (ISO date-time) the process runs under time-machine from
    that moment on, its clock ticking (``fake_clock.py``)."""
    log_path = tmp_path / f"{command}-{fake_now or 'now'}.log".replace(":", "")
    full_env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "VAR_DIR": str(tmp_path),
        **(env or {}),
    }
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                *(
                    (str(Path(__file__).with_name("fake_clock.py")), fake_now)
                    if fake_now
                    else ("-m", "celery")
                ),
                "-A",
                "config",
                command,
                *args,
            ],
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            ready = wait_for(
                lambda: proc.poll() is not None or ready_text in log_path.read_text(),
                60,
            )
            assert ready and proc.poll() is None, log_path.read_text()
            yield proc
        finally:
            stop_process(proc)
            print(f"--- {command} log (tail) ---")
            print(log_path.read_text()[-3000:])


WORKER_ARGS = (
    "--pool",
    "solo",
    "-l",
    "info",
    "--without-heartbeat",
    "--without-gossip",
    "--without-mingle",
)


def reset_broker_connections(app) -> None:
    """Drop the pooled broker connections and producers so the next publish
    connects to whatever ``broker_url`` says then."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(broker_url: str, queue: str | None = None):
    """This process (and live_server's thread) publishes to ``broker_url``,
    eager mode off; the previous configuration comes back on exit."""
    from config.celery import app

    keys = ("task_always_eager", "broker_url", "task_default_queue")
    old = {key: app.conf[key] for key in keys}
    reset_broker_connections(app)
    app.conf.update(
        task_always_eager=False,
        broker_url=broker_url,
        task_default_queue=queue or old["task_default_queue"],
    )
    try:
        yield app
    finally:
        reset_broker_connections(app)
        app.conf.update(**old)


@pytest.fixture
def celery_worker_process(postgres, redis_url, smtp_sink, tmp_path):
    """A real `celery worker` subprocess. The test process publishes to the same
    Redis (eager mode off) and the worker writes to the same test database."""
    queue = f"test-{os.getpid()}-{free_port()}"
    with (
        celery_process(
            "worker",
            broker_url=redis_url,
            smtp_port=smtp_sink.port,
            tmp_path=tmp_path,
            args=(*WORKER_ARGS, "-Q", queue),
            ready_text="ready",
        ) as proc,
        publishing_to(redis_url, queue),
    ):
        yield proc


class RedisServer:
    """A private `redis-server` on a free port that a fault test may stop and
    start again on the same port (the shared Redis is never touched)."""

    def __init__(self, tmp_path: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp_path = tmp_path
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 15) -> None:
        import redis

        self.starts += 1
        log = open(self.tmp_path / f"redis-{self.starts}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the child keeps its own descriptor

        def pong():
            try:
                return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
            except redis.RedisError:
                return False

        assert wait_for(pong, timeout), self.tmp_path / f"redis-{self.starts}.log"

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, timeout=10)
            self.proc = None


@pytest.fixture
def private_redis(tmp_path):
    """Its own redis-server, so stopping it harms no other test or person."""
    server = RedisServer(tmp_path)
    if server.binary is None:
        _missing("redis-server binary not found on PATH")
    server.start()
    try:
        yield server
    finally:
        server.stop()
