"""Speed and query figures at city scale, printed (not asserted).

    VAR_DIR=/tmp/bench python manage.py migrate
    VAR_DIR=/tmp/bench python manage.py benchmark --wards 100 --requests 500

(or with ``DATABASE_URL`` pointing at a scratch PostgreSQL database.)

Builds the city with seed_demo if it is not there yet, adds ``--requests`` sent
coordination requests to every ward (bulk-inserted load data, with the same
object permissions the send service grants), then requests each page
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
from coordination.models import (
    CoordinationRequest,
    CoordinationRequestGroupObjectPermission,
    ExchangeReport,
    ExchangeRound,
    Organization,
    RequestRecipient,
)
from coordination.organizations.services import oversight_groups

# (label, URL, username) — later features add their pages here.
PAGES = [
    ("home / cell secretary", "/", "bithu_cb01"),
    ("home / standing committee", "/", "thuongtruc"),
    ("home / police", "/", "congan"),
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
    (
        "requests all, overdue, search",
        "/de-nghi/tat-ca/?overdue=on&q=phoi+hop",
        "thuongtruc",
    ),
    ("exchange reports / police", "/trao-doi/", "congan"),
    ("exchange reports / cell secretary", "/trao-doi/", "bithu_cb01"),
    ("exchange timeliness / standing comm.", "/trao-doi/tien-do/", "thuongtruc"),
    ("exchange timeliness / police", "/trao-doi/tien-do/", "congan"),
    ("dashboard overview / standing comm.", "/bao-cao/tong-quan/", "thuongtruc"),
    ("dashboard overview / police", "/bao-cao/tong-quan/", "congan"),
    ("review meetings / police", "/hop-danh-gia/", "congan"),
    ("report archive / standing comm.", "/bao-cao/luu-tru/", "thuongtruc"),
]

# The pages of ``--load`` (reports.loadtest), the floor's user first; the cell
# scorecard's URL is filled in with the pk of the cell bithu_cb01 leads.
LOAD_PAGES = [
    ("home / standing committee", "/", "thuongtruc"),
    ("home / police", "/", "congan"),
    ("home / cell secretary", "/", "bithu_cb01"),
    ("requests inbox / police", "/de-nghi/", "congan"),
    ("requests all / standing committee", "/de-nghi/tat-ca/", "thuongtruc"),
    ("exchange reports / police", "/trao-doi/", "congan"),
    ("exchange reports / cell secretary", "/trao-doi/", "bithu_cb01"),
    ("exchange timeliness / standing comm.", "/trao-doi/tien-do/", "thuongtruc"),
    ("dashboard overview / standing comm.", "/bao-cao/tong-quan/", "thuongtruc"),
    ("dashboard overview / police", "/bao-cao/tong-quan/", "congan"),
    ("cell scorecard / cell secretary", "/bao-cao/chi-bo/{cell}/", "bithu_cb01"),
    ("review meetings / police", "/hop-danh-gia/", "congan"),
    ("report archive / standing comm.", "/bao-cao/luu-tru/", "thuongtruc"),
]


class Command(BaseCommand):
    help = "Đo thời gian phản hồi và số truy vấn ở quy mô thành phố (in ra số liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--wards", type=int, default=100)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument(
            "--requests",
            type=int,
            default=0,
            help="Số đề nghị phối hợp thêm vào mỗi phường (dữ liệu tải).",
        )
        parser.add_argument(
            "--sweep",
            action="store_true",
            help="Đo lượt gửi thư nhắc hạn trên mọi việc còn nợ (so với một SELECT).",
        )
        parser.add_argument(
            "--render",
            action="store_true",
            help="Đo thời gian tạo PDF báo cáo năm (so với WeasyPrint thuần).",
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="Chạy gunicorn trên cổng nội bộ và đo số yêu cầu/giây với nhiều "
            "người dùng đồng thời (locust).",
        )
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=30)
        parser.add_argument("--workers", type=int, default=2)

    def handle(
        self,
        *args,
        wards: int,
        runs: int,
        requests: int,
        sweep=False,
        render=False,
        load=False,
        clients=8,
        seconds=30,
        workers=2,
        **options,
    ):
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
        if requests:
            started = time.monotonic()
            added = add_load_requests(requests)
            self.stdout.write(
                f"load requests: +{added} in {time.monotonic() - started:.1f} s"
            )
        self.stdout.write(
            f"database: {connection.vendor}; organisations {Organization.objects.count()}, "
            f"users {User.objects.count()}, "
            f"requests {CoordinationRequest.objects.count()}, "
            f"exchange rounds {ExchangeRound.objects.count()}, "
            f"reports {ExchangeReport.objects.count()}"
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
        if sweep:
            measure_sweep(self.stdout)
        if render:
            from reports.render_bench import measure_render

            measure_render(
                self.stdout, User.objects.get(username="congan"), min(runs, 5)
            )
        if load:
            from reports.loadtest import run_load

            run_load(
                self.stdout,
                load_pages(),
                clients=clients,
                seconds=seconds,
                workers=workers,
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"peak memory: {peak:.0f} MB")


def load_pages() -> list[tuple[str, str, str]]:
    """LOAD_PAGES with the cell scorecard's pk filled in."""
    from coordination.organizations.models import Membership

    cell = (
        Membership.objects.filter(user__username="bithu_cb01")
        .values_list("organization_id", flat=True)
        .first()
    )
    return [(label, url.format(cell=cell), user) for label, url, user in LOAD_PAGES]


RAW_DUE_ROWS = """
SELECT r.id, r.organization_id, r.due_date, q.sent_at, q.confidentiality, q.subject
  FROM coordination_requestrecipient r
  JOIN coordination_coordinationrequest q ON q.id = r.request_id
 WHERE r.state IN ('sent', 'received') AND q.status = 'open'
   AND r.due_date IS NOT NULL
UNION ALL
SELECT e.id, e.organization_id, x.due_date, NULL, e.confidentiality, ''
  FROM coordination_exchangereport e
  JOIN coordination_exchangeround x ON x.id = e.round_id
 WHERE e.state IN ('not_started', 'draft', 'returned')
"""


def measure_sweep(stdout) -> None:
    """The reminder sweep over every owed item (written, then rolled back so
    the next run finds the same work) beside a raw SELECT of the owed rows."""
    from django.db import transaction
    from django.utils import timezone

    from coordination.obligations import open_obligations
    from coordination.reminders import services
    from coordination.reminders.selectors import planned_reminders

    today = timezone.localdate()
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(RAW_DUE_ROWS)
        raw_rows = len(cursor.fetchall())
        raw = time.perf_counter() - started
    owed = len(open_obligations())
    with CaptureQueriesContext(connection) as plan_queries:
        started = time.perf_counter()
        planned = planned_reminders(today, exclude_sent=False)  # as the sweep
        plan = time.perf_counter() - started
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = services.send_reminders(today)
        swept = time.perf_counter() - started
        transaction.set_rollback(True)
    stdout.write(
        f"reminder planning: {owed} owed items → {len(planned)} due today: "
        f"{plan:.2f} s, {len(plan_queries)} queries; raw SELECT of the owed rows "
        f"({raw_rows}) {raw:.3f} s → {plan / raw:.1f}×"
    )
    stdout.write(
        f"reminder sweep: {owed} owed items ({raw_rows} raw rows), "
        f"{result.reminders} reminders, {result.emails} digests: "
        f"{swept:.2f} s, {len(queries)} queries; raw SELECT {raw:.3f} s "
        f"→ {swept / raw:.1f}×"
    )


def add_load_requests(per_ward: int) -> int:
    """Top every ward up to ``per_ward`` load requests: cells to the police
    committee and back, in every open state, some overdue. Bulk inserts with the
    grants of ``coordination.requests.services.send_request`` (sender, recipient, oversight)."""
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    perm = Permission.objects.get(
        content_type__app_label="coordination", codename="view_coordinationrequest"
    )
    states = [
        RequestRecipient.State.SENT,
        RequestRecipient.State.RECEIVED,
        RequestRecipient.State.ANSWERED,
        RequestRecipient.State.CLOSED,
    ]
    now = timezone.now()
    today = timezone.localdate()
    added = 0
    wards = Organization.objects.filter(kind=Organization.Kind.WARD_COMMITTEE)
    for ward in wards.order_by("pk"):
        children = list(ward.children.select_related("group"))
        police = next(
            o for o in children if o.kind == Organization.Kind.POLICE_COMMITTEE
        )
        cells = [o for o in children if o.kind in Organization.CELL_SIDE_KINDS]
        have = CoordinationRequest.objects.filter(
            sender__parent=ward, subject__startswith="[tải] "
        ).count()
        todo = per_ward - have
        if todo <= 0 or not cells:
            continue
        creator = User.objects.filter(is_superuser=True).first() or User.objects.first()
        oversight = oversight_groups(police)
        pairs = []
        for i in range(todo):
            cell = cells[i % len(cells)]
            sender, recipient = (cell, police) if i % 2 == 0 else (police, cell)
            pairs.append((sender, recipient, states[i % len(states)], i))
        rows = [
            CoordinationRequest(
                sender=sender,
                created_by=creator,
                subject=f"[tải] Đề nghị phối hợp số {have + i + 1} — {sender.display_short}",
                content="Dữ liệu tải cho benchmark.",
                status=CoordinationRequest.Status.CLOSED
                if state == RequestRecipient.State.CLOSED
                else CoordinationRequest.Status.OPEN,
                sent_at=now,
                due_date=today + timezone.timedelta(days=(i % 15) - 5),
            )
            for sender, recipient, state, i in pairs
        ]
        for row in rows:
            row.set_search_keys()
        made = CoordinationRequest.objects.bulk_create(rows)
        RequestRecipient.objects.bulk_create(
            RequestRecipient(
                request=req,
                organization=recipient,
                state=state,
                due_date=req.due_date,
            )
            for req, (sender, recipient, state, i) in zip(made, pairs, strict=True)
        )
        CoordinationRequestGroupObjectPermission.objects.bulk_create(
            CoordinationRequestGroupObjectPermission(
                group=group, permission=perm, content_object=req
            )
            for req, (sender, recipient, state, i) in zip(made, pairs, strict=True)
            for group in {sender.group, recipient.group, *oversight}
        )
        added += len(made)
    if added and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # plans as in production, not on stale statistics
    return added
