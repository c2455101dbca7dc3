"""Create the periodic exchange rounds of this year (and from December of next
year) for every ward, with their reports. Running it twice creates nothing."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from coordination.exchanges.periods import ensure_rounds


class Command(BaseCommand):
    help = "Tạo các kỳ trao đổi thông tin định kỳ (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"Ngày không hợp lệ: {date}") from exc
        created = ensure_rounds(today)
        for round_ in created:
            self.stdout.write(f"{round_.ward}: {round_.label}")
        self.stdout.write(f"Đã tạo {len(created)} kỳ.")
