import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regulations import services
from regulations.importer import RegulationParseError, parse_file
from regulations.loader import KIND_NAMES
from regulations.models import Regulation


class Command(BaseCommand):
    help = gettext_lazy(
        "Đọc một văn bản quy chế (.txt, .md, .docx) thành cây Chương/Điều/khoản/"
        "điểm. --dry-run --format json in cây ra màn hình và không ghi gì; không có "
        "--dry-run thì lưu thành phiên bản dự thảo mới của quy chế --code."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Không ghi gì"))
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--code", help=_("Mã quy chế (bắt buộc khi lưu)"))
        parser.add_argument(
            "--level", choices=Regulation.Level.values, default=Regulation.Level.OTHER
        )
        parser.add_argument(
            "--user", help=_("Tên đăng nhập của quản trị viên ghi nhận thay đổi")
        )

    def handle(self, *args, path: Path, dry_run: bool, format: str, **options):
        if not path.is_file():
            raise CommandError(_("Không có tệp %(path)s") % {"path": path})
        try:
            parsed = parse_file(path)
        except RegulationParseError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if format == "json":
            self.stdout.write(
                json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2)
            )
        else:
            counts = parsed.counts()
            self.stdout.write(parsed.title or _("(không có tiêu đề)"))
            self.stdout.write(
                ", ".join(f"{counts[k]} {name}" for k, name in KIND_NAMES.items())
            )
        if dry_run:
            return
        if not options["code"] or not options["user"]:
            raise CommandError(_("Khi lưu cần --code và --user (hoặc dùng --dry-run)"))
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(
                _("Không có người dùng %(user)s") % {"user": options["user"]}
            )
        try:
            regulation = services.import_regulation(
                parsed=parsed,
                code=options["code"],
                level=options["level"],
                by=user,
                source_name=path.name,
            )
        except (PermissionDenied, PermissionError) as exc:
            raise CommandError(
                _(
                    "%(user)s không phải quản trị viên nên không được nhập quy chế "
                    "(cần tài khoản quản trị)."
                )
                % {"user": user.username}
            ) from exc
        except services.RegulationError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            _("Đã lưu %(code)s phiên bản %(version)s (dự thảo)")
            % {"code": regulation.code, "version": regulation.version}
        )
