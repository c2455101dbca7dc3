"""The load half of ``manage.py benchmark --load``, run by reports.loadtest as
``python -m reports.locust_runner`` in a process of its own (locust patches the
standard library with gevent on import, which must not happen inside Django's
process). Reads a JSON plan on stdin, prints one JSON line of results.

The plan: ``host``, ``password``, ``clients``, ``seconds``, ``warmup``,
``headers`` (sent with every request) and ``pages`` (label, path, username).
Every client first logs in through the real login form (one session per client
and user, kept for all pages), then each page in turn gets ``clients``
concurrent users for ``seconds``, no think time, redirects not followed (a
redirect to the login page is an error, not a cheap success).
"""

from __future__ import annotations

import json
import re
import sys
import time
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_PATH = "/dang-nhap/"


def login(host: str, username: str, password: str) -> CookieJar:
    """A session through the login form, as a browser gets one."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    with opener.open(host + LOGIN_PATH, timeout=60) as response:
        token = CSRF_FIELD.search(response.read().decode()).group(1)
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = Request(  # noqa: S310 - http://127.0.0.1 of the server we started
        host + LOGIN_PATH, data=body, headers={"Referer": host + "/"}
    )
    with opener.open(request, timeout=60) as response:
        if LOGIN_PATH in response.geturl():
            raise SystemExit(f"login as {username} failed")
    return jar


def page_user(host: str, path: str, label: str, jars: list, headers: dict):
    slots = iter(range(len(jars) * 1000))

    class PageUser(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            jar = jars[next(slots) % len(jars)]
            for cookie in jar:
                self.client.cookiejar.set_cookie(cookie)

        @task
        def get_page(self):
            with self.client.get(
                path,
                name=label,
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

    PageUser.host = host
    return PageUser


def run_page(page: dict, plan: dict, jars: list) -> dict:
    user_class = page_user(
        plan["host"], page["path"], page["label"], jars, plan["headers"]
    )
    env = Environment(user_classes=[user_class])
    runner = env.create_local_runner()
    clients = plan["clients"]
    runner.start(clients, spawn_rate=clients * 100)
    gevent.sleep(plan["warmup"])
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(plan["seconds"])
    total = env.stats.total
    while not total.num_requests and time.monotonic() - started < plan["seconds"] + 120:
        gevent.sleep(0.05)  # a page slower than the window: wait for one answer
    elapsed = time.monotonic() - started
    result = {
        "label": page["label"],
        "requests": total.num_requests,
        "errors": total.num_failures,
        "rps": total.num_requests / elapsed,
        "p50": total.get_response_time_percentile(0.5) or 0.0,
        "p95": total.get_response_time_percentile(0.95) or 0.0,
        "failures": sorted({str(e.error) for e in env.stats.errors.values()})[:3],
    }
    runner.quit()
    return result


def main() -> None:
    plan = json.load(sys.stdin)
    users = sorted({page["username"] for page in plan["pages"]})
    jars = {
        username: [
            login(plan["host"], username, plan["password"])
            for _ in range(plan["clients"])
        ]
        for username in users
    }
    results = [run_page(page, plan, jars[page["username"]]) for page in plan["pages"]]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
