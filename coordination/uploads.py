"""Attachment checks: size, extension and content (magic bytes) must agree;
and the upload handler that refuses an oversize upload before reading it."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

security_logger = logging.getLogger("security")

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


# --- Size limits while the body is read (settings.FILE_UPLOAD_HANDLERS) -----------------


class UploadTooLarge(SuspiciousOperation):
    """The whole upload is over ``UPLOAD_MAX_REQUEST_BYTES``. Django answers a
    SuspiciousOperation with its 400 handler, which is ``bad_request`` below:
    a Vietnamese page with status 413."""


class OversizeUpload(UploadedFile):
    """Stands for a file past ``ATTACHMENT_MAX_BYTES`` whose content was not
    kept: it carries the real size, so the form refuses it with its usual
    message (``validate_attachment``) and keeps what the user typed."""

    def __init__(self, *, name, content_type, size, charset, content_type_extra):
        super().__init__(
            io.BytesIO(), name, content_type, size, charset, content_type_extra
        )


class UploadLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS. A multipart body whose Content-Length is
    over ``UPLOAD_MAX_REQUEST_BYTES`` is refused before a byte of it is read
    (413 page); a single file past ``ATTACHMENT_MAX_BYTES`` stops being stored
    at the limit (the handlers after this one get no more of it) and reaches
    the form as an ``OversizeUpload``."""

    too_large = False

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        if content_length > limit:
            user = getattr(self.request, "user", None)
            security_logger.warning(
                "upload_too_large user=%s bytes=%s limit=%s",
                getattr(user, "pk", None),
                content_length,
                limit,
            )
            raise UploadTooLarge(
                f"Upload of {content_length} bytes refused (limit {limit})"
            )
        return None  # within the limit: the parser goes on as usual

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) <= settings.ATTACHMENT_MAX_BYTES:
            return raw_data
        if not self.too_large:
            self.too_large = True
            # Drop what the other handlers kept of this file (memory, temp file).
            for handler in self.request.upload_handlers:
                if handler is not self:
                    handler.upload_interrupted()
        return None

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # the next handler returns the file
        return OversizeUpload(
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def bad_request(request, exception, template_name="400.html"):
    """The project's 400 handler (config.urls.handler400): an oversize upload
    gets a Vietnamese 413 page; anything else Django's own 400 answer."""
    if not isinstance(exception, UploadTooLarge):
        return defaults.bad_request(request, exception, template_name)
    # The body was never parsed: nothing that renders the page may try again.
    request._mark_post_parse_error()
    mb = 1024 * 1024
    return render(
        request,
        "413.html",
        {
            "file_mb": settings.ATTACHMENT_MAX_BYTES // mb,
            "total_mb": settings.UPLOAD_MAX_REQUEST_BYTES // mb,
        },
        status=413,
    )
