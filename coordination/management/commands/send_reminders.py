"""The reminder sweep by hand: ``--dry-run`` prints who would get what and why
(nothing is written); without it, the sweep the beat task runs."""

from django.core.management.base import BaseCommand

from accounts.models import User
from coordination.management.arguments import iso_date
from coordination.reminders import services
from coordination.reminders.selectors import planned_reminders


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn của một ngày (--dry-run: chỉ in ra, không gửi)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=iso_date, help="Ngày tính (YYYY-MM-DD), mặc định hôm nay"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ in ra, không ghi, không gửi"
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = date
        if dry_run:
            self._preview(today)
            return
        result = services.send_reminders(today)
        self.stdout.write(
            f"Đã ghi {result.reminders} lời nhắc, {result.emails} thư tổng hợp "
            f"({result.no_longer_owed} việc đã xong trước khi gửi)."
        )

    def _preview(self, today):
        from django.utils import timezone

        today = today or timezone.localdate()
        dues = planned_reminders(today)
        users = User.objects.in_bulk({uid for d in dues for uid in d.user_ids})
        count = 0
        for due in dues:
            for uid in due.user_ids:
                count += 1
                self.stdout.write(
                    f"{users[uid].username}\t{due.kind}#{due.item_id}\t"
                    f"{due.stage.describe()} (lần {due.occurrence + 1})\t"
                    f"hạn {due.due_date:%d/%m/%Y}\t{due.title}"
                )
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: {count} lời nhắc sẽ gửi.")
