from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coordination.organizations.models import Organization
from coordination.requests import demo as demo_requests


class Command(BaseCommand):
    help = (
        "Tạo các đề nghị phối hợp mẫu ở mọi trạng thái cho phường mẫu (chạy lại nhiều "
        "lần không tạo trùng). Cần chạy seed_demo trước."
    )

    def handle(self, *args, **options):
        if not Organization.objects.filter(code="hd-ca").exists():
            raise CommandError(_("Chưa có phường mẫu: chạy manage.py seed_demo trước."))
        created, skipped = demo_requests.seed_demo_requests()
        if options["verbosity"]:
            self.stdout.write(
                _(
                    "Đề nghị phối hợp mẫu: tạo %(created)s, đã có %(skipped)s; "
                    "đang quá hạn: %(overdue)s."
                )
                % {
                    "created": created,
                    "skipped": skipped,
                    "overdue": demo_requests.overdue_count(),
                }
            )
