"""``runserver`` with beat in the same process for the embedded default (no
broker, no Redis): the periodic tasks — the reminder sweep at 07:30, the
outbox sweep, the exchange rounds — run as they would in production, and the
reminder e-mails appear under ``var/mail/``. With a broker configured it is
plain ``runserver``: run one ``celery beat`` beside it."""

from django.core.management.commands.runserver import Command as RunserverCommand

from coordination.schedules import start_embedded_beat


class Command(RunserverCommand):
    help = "Chạy máy chủ thử nghiệm kèm lịch chạy định kỳ (beat) trong cùng tiến trình."

    def inner_run(self, *args, **options):
        # In the serving process only (the autoreloader's parent never gets here).
        if start_embedded_beat() is not None:
            self.stdout.write("Beat: đang chạy trong tiến trình này (không cần Redis).")
        super().inner_run(*args, **options)
