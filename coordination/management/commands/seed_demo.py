import contextlib
import logging
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coordination.assessments import demo as assessment_demo
from coordination.calendar import demo as calendar_demo
from coordination.exchanges import demo as exchange_demo
from coordination.incidents import demo as incident_demo
from coordination.organizations import demo
from coordination.reminders import services as reminder_services
from coordination.requests import demo_province
from coordination.reviews import demo as review_demo
from coordination.schedules import load_schedules


@contextlib.contextmanager
def quiet_loggers(*names: str, level: int = logging.WARNING):
    """Raise the given loggers to ``level`` for the duration (eager Celery
    logs one INFO line per task, which would bury the account list)."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.getEffectiveLevel()))
    try:
        yield
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: Đảng bộ phường Hải Dương, các tổ chức, một tài khoản cho mỗi "
        "vai trò (chạy lại nhiều lần không tạo trùng). --wards N tạo thành phố N phường; "
        "--province tạo thêm tỉnh mẫu theo Quy chế 810-QĐ/TU."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wards", type=int, default=1, help="Số phường (mặc định 1)"
        )
        parser.add_argument(
            "--province",
            action="store_true",
            help="Tạo thêm tỉnh mẫu: Tỉnh ủy, Đảng ủy Công an tỉnh, các huyện ủy, "
            "thành ủy và đề nghị phối hợp mẫu (Quy chế 810-QĐ/TU)",
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Mật khẩu cho các tài khoản mẫu (mặc định DEMO_PASSWORD)",
        )

    def handle(self, *args, **options):
        with quiet_loggers("celery.app.trace", "celery.worker.strategy"):
            self._seed(**options)

    def _seed(
        self, *, wards: int, password: str | None, province: bool = False, **options
    ):
        if wards < 1:
            raise CommandError(_("--wards phải lớn hơn hoặc bằng 1"))
        password = password or settings.DEMO_PASSWORD
        started = time.monotonic()
        if "load_regulations" in get_commands():
            call_command("load_regulations", verbosity=options["verbosity"])
        accounts = demo.seed_first_ward(password)
        if "seed_demo_requests" in get_commands():
            call_command("seed_demo_requests", verbosity=options["verbosity"])
        built = demo.seed_city(wards, password) if wards > 1 else 0
        exchange_demo.seed_demo_exchanges()
        incident_demo.seed_demo_incidents()
        assessment_demo.seed_demo_assessments()
        review_demo.seed_demo_reviews()
        province_accounts = []
        if province:
            province_accounts = demo.seed_province(password)
            demo_province.seed_province_requests()
        calendar_demo.seed_demo_calendar()
        load_schedules()
        # Today's reminders, as the 07:30 sweep would send them (under var/mail/
        # in the embedded default).
        reminder_services.send_reminders()
        self.stdout.write(self.style.SUCCESS(_("Dữ liệu mẫu đã sẵn sàng.")))
        self.stdout.write(
            _("Mật khẩu chung của các tài khoản mẫu: %(password)s")
            % {"password": password}
        )
        self.stdout.write(_("Tài khoản (tên đăng nhập — vai trò):"))
        for spec, _unused in accounts:
            self.stdout.write(f"  {spec.username:<18} {spec.label}")
        if province_accounts:
            self.stdout.write(
                _("Tỉnh mẫu (Quy chế %(number)s), tài khoản:") % {"number": "810-QĐ/TU"}
            )
            for spec, _unused in province_accounts:
                self.stdout.write(f"  {spec.username:<18} {spec.label}")
        if built:
            self.stdout.write(
                _(
                    "Thêm %(count)s phường (tài khoản dạng w002_ca_bithu, "
                    "w002_cb01_bithu …)."
                )
                % {"count": built}
            )
        self.stdout.write(
            _(
                "Trao đổi thông tin định kỳ: %(rounds)s kỳ, %(reports)s báo cáo "
                "(%(late)s nộp muộn)."
            )
            % exchange_demo.demo_figures()
        )
        self.stdout.write(
            _("Thời gian: %(seconds).1f s") % {"seconds": time.monotonic() - started}
        )
