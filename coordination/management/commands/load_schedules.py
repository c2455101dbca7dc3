"""Create the default periodic tasks missing from the database (run on deploy
and by seed_demo); an administrator's changes are kept."""

from django.core.management.base import BaseCommand

from coordination.schedules import load_schedules


class Command(BaseCommand):
    help = "Tạo các lịch chạy định kỳ mặc định còn thiếu (không ghi đè thay đổi)."

    def handle(self, *args, **options):
        created = load_schedules()
        for name in created:
            self.stdout.write(f"+ {name}")
        self.stdout.write(f"Đã tạo {len(created)} lịch chạy.")
