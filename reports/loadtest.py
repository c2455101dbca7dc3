"""``manage.py benchmark --load``: requests per second under concurrent
logged-in clients, against a real gunicorn on a free local port.

1. In this process, each page once through Django's test client (after a
   warm-up): its server time (median of a few runs) and the EXPLAIN ANALYZE time
   of its own queries (PostgreSQL; planning + execution, summed).
2. gunicorn (sync workers) on 127.0.0.1:<free port> against the same database,
   with ``BENCHMARK_FLOOR_TOKEN`` in its environment so that it, and only it,
   serves the floor view (reports.bench_views).
3. reports.locust_runner (locust as a library, in its own process) logs every
   client in through the login form and drives the floor and each page in
   turn; the table gives req/s, p50/p95 latency, errors and % of the floor.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import urlopen

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from reports.bench_views import TOKEN_ENV, TOKEN_HEADER

BASE_DIR = Path(settings.BASE_DIR)
FLOOR_LABEL = "floor ('ok' behind login)"


@dataclass
class PageCost:
    server_ms: float
    cpu_ms: float  # this process's CPU time: steadier than wall time on a busy machine
    db_ms: float | None
    queries: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def explain_ms(sql: str) -> float:
    """Planning + execution time of one captured SELECT, as PostgreSQL runs it."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0].get("Planning Time", 0.0) + plan[0]["Execution Time"]


def page_cost(url: str, user, runs: int = 5) -> PageCost:
    """Server time of one page in this process, and its queries' own time."""
    client = Client()
    client.force_login(user)
    client.get(url)  # warm up
    times, cpu = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} → {response.status_code}")
    db_ms = None
    if connection.vendor == "postgresql":
        selects = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        ]
        db_ms = sum(explain_ms(sql) for sql in selects)
    return PageCost(
        statistics.median(times), statistics.median(cpu), db_ms, len(captured)
    )


def database_url() -> str:
    """The database this process uses, for the server's DATABASE_URL (the test
    database under pytest; an in-memory SQLite one is first copied to a file)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if connection.is_in_memory_db():
            name = tempfile.mkstemp(prefix="benchmark-", suffix=".sqlite3")[1]
            connection.ensure_connection()
            target = sqlite3.connect(name)
            connection.connection.backup(target)
            target.close()
        return f"sqlite:///{name}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


def start_server(port: int, workers: int, token: str, url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        TOKEN_ENV: token,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, no shell
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5).close()
            return server
        except (URLError, ConnectionError, OSError):
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def drive(port: int, token: str, pages, clients: int, seconds: float) -> list[dict]:
    plan = {
        "host": f"http://127.0.0.1:{port}",
        "password": settings.DEMO_PASSWORD,
        "clients": clients,
        "seconds": seconds,
        "warmup": min(2.0, max(0.5, seconds / 10)),
        "headers": {TOKEN_HEADER: token},
        "pages": [
            {"label": label, "path": url, "username": username}
            for label, url, username in pages
        ],
    }
    done = subprocess.run(
        [sys.executable, "-m", "reports.locust_runner"],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"locust runner failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_load(stdout, pages, *, clients: int, seconds: float, workers: int) -> list:
    """Measure, drive and print; returns the result rows (for tests)."""
    from accounts.models import User

    floor_user = pages[0][2]
    floor = (FLOOR_LABEL, reverse("reports:benchmark-floor"), floor_user)
    costs = {}
    with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
        for label, url, username in pages:
            costs[label] = page_cost(url, User.objects.get(username=username))
    url = database_url()
    connection.close()  # the server's workers open their own
    token = secrets.token_urlsafe(24)
    port = free_port()
    server = start_server(port, workers, token, url)
    try:
        results = drive(port, token, [floor, *pages], clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
        copy = Path(url.removeprefix("sqlite:///"))
        if copy.parent == Path(tempfile.gettempdir()) and copy.name.startswith(
            "benchmark-"
        ):
            copy.unlink(missing_ok=True)
    write_table(stdout, results, costs, clients, seconds, workers)
    return results


def write_table(stdout, results, costs, clients, seconds, workers) -> None:
    floor_rps = results[0]["rps"] or 1.0
    stdout.write(
        f"load: gunicorn {workers} sync workers, {clients} clients × {seconds:g} s "
        f"per page, no think time"
    )
    stdout.write(
        "| page (user) | req/s | p50 ms | p95 ms | errors | % of floor "
        "| server ms | CPU ms | DB ms | server ÷ DB | queries |"
    )
    stdout.write("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in results:
        cost = costs.get(row["label"])
        if cost is None:
            tail = "| | | | | |"
        else:
            db = f"{cost.db_ms:.1f}" if cost.db_ms is not None else "—"
            ratio = f"{cost.server_ms / cost.db_ms:.1f}×" if cost.db_ms else "—"
            tail = (
                f"| {cost.server_ms:.1f} | {cost.cpu_ms:.1f} | {db} | {ratio} "
                f"| {cost.queries} |"
            )
        stdout.write(
            f"| {row['label']} | {row['rps']:.1f} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | {row['errors']} | "
            f"{100 * row['rps'] / floor_rps:.1f} % {tail}"
        )
        for failure in row["failures"]:
            stdout.write(f"    error: {failure}")
