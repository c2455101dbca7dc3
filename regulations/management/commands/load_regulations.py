from django.core.management.base import BaseCommand

from regulations.loader import load_all


class Command(BaseCommand):
    help = (
        "Nạp các quy chế trong regulations/data/ (an toàn khi chạy lại: bỏ qua tệp "
        "không đổi, cập nhật theo mã tham chiếu trong một giao dịch)."
    )

    def handle(self, *args, **options):
        for result in load_all():
            if options["verbosity"] >= 1:
                self.stdout.write(str(result))
