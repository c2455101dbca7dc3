"""Attachment checks: size, extension and content (magic bytes) must agree."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".doc": ("application/msword", (OLE_MAGIC,)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
}
# An Office Open XML file is a zip with this part inside.
OOXML_PART = {".docx": "word/", ".xlsx": "xl/"}


def allowed_extensions_text() -> str:
    return ", ".join(sorted({ext.lstrip(".") for ext in ALLOWED} - {"jpeg"}))


def validate_attachment(f) -> str:
    """Raise ValidationError (Vietnamese) unless the file is allowed; return
    its content type as derived from the checked content."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if f.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).")
            % {"name": safe_display_name(f.name), "mb": limit // (1024 * 1024)}
        )
    ext = PurePath(f.name or "").suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại cho phép (%(allowed)s).")
            % {"name": safe_display_name(f.name), "allowed": allowed_extensions_text()}
        )
    content_type, signatures = ALLOWED[ext]
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không khớp với đuôi %(ext)s.")
            % {"name": safe_display_name(f.name), "ext": ext}
        )
    if ext in OOXML_PART:
        try:
            with zipfile.ZipFile(f) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            f.seek(0)
        if not any(n.startswith(OOXML_PART[ext]) for n in names):
            raise ValidationError(
                _("Nội dung tệp “%(name)s” không khớp với đuôi %(ext)s.")
                % {"name": safe_display_name(f.name), "ext": ext}
            )
    return content_type


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_display_name(name: str | None) -> str:
    """The base name only (no directories), without control or path characters;
    Vietnamese letters kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    return name[:200] or "tep-dinh-kem"
