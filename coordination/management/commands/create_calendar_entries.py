"""Create the regulation's calendar entries of this year (and from December of
next year), or of ``--year``, for every ward. Running it twice creates
nothing."""

from django.core.management.base import BaseCommand, CommandError

from coordination.calendar import services


class Command(BaseCommand):
    help = "Tạo lịch thực hiện Quy chế của các đảng bộ (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Năm (mặc định năm nay)")

    def handle(self, *args, year=None, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"Năm không hợp lệ: {year}")
        if year is None:
            created = services.ensure_coming_entries()
        else:
            created = services.ensure_entries(year)
        for entry in created:
            self.stdout.write(f"{entry.ward}: {entry}")
        self.stdout.write(f"Đã tạo {len(created)} việc trong lịch.")
