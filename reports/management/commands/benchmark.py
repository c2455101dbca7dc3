"""Speed and query figures at city scale, printed (not asserted).

    VAR_DIR=/tmp/bench python manage.py migrate
    VAR_DIR=/tmp/bench python manage.py benchmark --wards 100

Builds the city with seed_demo if it is not there yet, then requests each page
as users of different roles through Django's test client and prints median and
95th-percentile times, the number of SQL queries and the peak memory. Use a
scratch database: the command adds demo data.
"""

from __future__ import annotations

import resource
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.models import User
from coordination.models import Organization

# (label, URL, username) — later features add their pages here.
PAGES = [
    ("home / cell secretary", "/", "bithu_cb01"),
    ("home / standing committee", "/", "thuongtruc"),
    ("organisations / cell secretary", "/to-chuc/", "bithu_cb01"),
    ("organisations / standing committee", "/to-chuc/", "thuongtruc"),
    (
        "regulation article Điều 5",
        "/quy-che/qc-phuong-hai-duong/v1/d/d5/",
        "bithu_cb01",
    ),
    ("regulation search 'trat tu'", "/quy-che/tim-kiem/?q=trat+tu", "bithu_cb01"),
    ("regulation matrix", "/quy-che/qc-phuong-hai-duong/v1/ma-tran/", "bithu_cb01"),
    ("requests inbox / police", "/de-nghi/", "congan"),
    ("requests all / standing committee", "/de-nghi/tat-ca/", "thuongtruc"),
]


class Command(BaseCommand):
    help = "Đo thời gian phản hồi và số truy vấn ở quy mô thành phố (in ra số liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--wards", type=int, default=100)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, wards: int, runs: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Không chạy benchmark trên cơ sở dữ liệu thật.")
        have = Organization.objects.filter(
            kind=Organization.Kind.WARD_COMMITTEE
        ).count()
        if have < wards:
            started = time.monotonic()
            call_command("seed_demo", wards=wards, verbosity=0, stdout=self.stdout)
            self.stdout.write(
                f"seed_demo --wards {wards}: {time.monotonic() - started:.1f} s"
            )
        self.stdout.write(
            f"database: {connection.vendor}; organisations {Organization.objects.count()}, "
            f"users {User.objects.count()}"
        )
        self.stdout.write(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        with override_settings(ALLOWED_HOSTS=["testserver", *settings.ALLOWED_HOSTS]):
            for label, url, username in PAGES:
                client = Client()
                client.force_login(User.objects.get(username=username))
                client.get(url)  # warm up
                times = []
                for _ in range(runs):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url} → {response.status_code}")
                times.sort()
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                self.stdout.write(
                    f"{label:<40} {statistics.median(times):8.1f} {p95:8.1f} "
                    f"{len(queries):8d}"
                )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak memory: {peak:.0f} MB")
