from django.core.management.base import BaseCommand, CommandError

from regulations.loader import LoadError, load_all


class Command(BaseCommand):
    help = (
        "Nạp các quy chế trong regulations/data/ (an toàn khi chạy lại: bỏ qua tệp "
        "không đổi, cập nhật theo mã tham chiếu trong một giao dịch; không ghi đè "
        "phiên bản do quản trị viên tạo hay văn bản đã ban hành)."
    )

    def handle(self, *args, **options):
        try:
            results = load_all()
        except LoadError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            if options["verbosity"] >= 1:
                self.stdout.write(str(result))
