"""Create the periodic exchange rounds of this year (and from December of next
year) for every ward, with their reports. Running it twice creates nothing."""

from django.core.management.base import BaseCommand

from coordination.exchanges.periods import ensure_rounds
from coordination.management.arguments import iso_date


class Command(BaseCommand):
    help = "Tạo các kỳ trao đổi thông tin định kỳ (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=iso_date, help="Ngày tính (YYYY-MM-DD), mặc định hôm nay"
        )

    def handle(self, *args, date=None, **options):
        today = date
        created = ensure_rounds(today)
        for round_ in created:
            self.stdout.write(f"{round_.ward}: {round_.label}")
        self.stdout.write(f"Đã tạo {len(created)} kỳ.")
