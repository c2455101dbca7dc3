"""Oversize uploads are refused while the body is read, not after
(coordination.uploads.UploadLimitHandler, first of FILE_UPLOAD_HANDLERS): a
body over UPLOAD_MAX_REQUEST_BYTES gets a Vietnamese 413 page before a byte of
it is read; one file past ATTACHMENT_MAX_BYTES stops being stored at the limit
and the form says it is too large (RELIABILITY.md T17)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from coordination.models import CoordinationRequest, RequestAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "----qc-test-boundary"
MB = 1024 * 1024


class StreamedBody:
    """A multipart body made on demand (never held in memory), counting how
    many bytes the server reads from it."""

    def __init__(self, fields: dict[str, str], file_size: int):
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n"
            for name, value in fields.items()
        )
        head += (
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
            'name="files"; filename="lon.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        self.head = head.encode() + PDF
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = file_size - len(PDF)
        self.size = len(self.head) + self.filler + len(self.tail)
        self.position = 0

    def _byte_range(self, start, end):
        out = bytearray()
        head_end = len(self.head)
        filler_end = head_end + self.filler
        if start < head_end:
            out += self.head[start : min(end, head_end)]
        if end > head_end and start < filler_end:
            out += b"0" * (min(end, filler_end) - max(start, head_end))
        if end > filler_end:
            out += self.tail[max(start, filler_end) - filler_end : end - filler_end]
        return bytes(out)

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.size - self.position
        end = min(self.size, self.position + size)
        data = self._byte_range(self.position, end)
        self.position = end
        return data

    def readline(self, size=-1):  # the multipart parser reads in chunks only
        return self.read(size)


def _form(ward) -> dict[str, str]:
    return {
        "sender": str(ward.cell_a.pk),
        "recipients": str(ward.police.pk),
        "subject": "Đề nghị có tệp rất lớn",
        "content": "Nội dung",
        "kind": "document",
        "priority": "normal",
        "confidentiality": "0",
        "response_days": "5",
        "send": "1",
    }


def _browser(ward) -> tuple[Client, str]:
    """A logged-in client that checks CSRF like a browser (so the CSRF
    middleware is what first reads the body), and its token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(ward.secretary_a)
    page = client.get(reverse("coordination:request-create"))
    return client, page.context["csrf_token"]


def _post_streamed(client, body: StreamedBody, **extra):
    return client.generic(
        "POST",
        reverse("coordination:request-create"),
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
        **extra,
    )


def test_body_over_the_cap_is_refused_before_it_is_read(ward, settings, caplog):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    client, token = _browser(ward)
    body = StreamedBody({"csrfmiddlewaretoken": token, **_form(ward)}, 5 * MB)
    with caplog.at_level("WARNING", logger="security"):
        response = _post_streamed(client, body, HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert response.status_code == 413
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page
    assert "mỗi tệp tối đa 10 MB, cả lần gửi tối đa 1 MB" in page
    assert body.position == 0, "the handler must refuse before reading the body"
    assert not CoordinationRequest.objects.exists()
    logged = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert any(f"upload_too_large user={ward.secretary_a.pk}" in m for m in logged)


def test_body_within_the_cap_is_read_as_usual(ward, settings):
    """The same streamed body under the cap: parsed, and the (small) file is
    attached: the handler only stands aside."""
    client, token = _browser(ward)
    body = StreamedBody({"csrfmiddlewaretoken": token, **_form(ward)}, 64 * 1024)
    response = _post_streamed(client, body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert body.position == body.size
    assert RequestAttachment.objects.get().size == 64 * 1024


class RecordingHandler(TemporaryFileUploadHandler):
    """The default temp-file handler, noting how much of each file it got and
    whether it was told to drop it."""

    received: list[int] = []
    interrupted: list[bool] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        RecordingHandler.received.append(0)

    def receive_data_chunk(self, raw_data, start):
        RecordingHandler.received[-1] += len(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def upload_interrupted(self):
        RecordingHandler.interrupted.append(self.file.closed is False)
        super().upload_interrupted()


def test_file_past_the_limit_is_not_stored_and_the_form_says_so(client, ward, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # use the temp-file handler
    settings.FILE_UPLOAD_HANDLERS = [
        "coordination.uploads.UploadLimitHandler",
        f"{__name__}.RecordingHandler",
    ]
    RecordingHandler.received, RecordingHandler.interrupted = [], []
    client.force_login(ward.secretary_a)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (3 * MB))
    response = client.post(
        reverse("coordination:request-create"), {**_form(ward), "files": [big]}
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert "quá lớn" in errors and "lon.pdf" in errors
    # What the user typed is kept.
    assert response.context["form"]["subject"].value() == "Đề nghị có tệp rất lớn"
    assert RecordingHandler.received and RecordingHandler.received[0] <= 1 * MB
    assert RecordingHandler.interrupted == [True]  # its partial temp file dropped
    assert not RequestAttachment.objects.exists()


def test_a_small_file_next_to_a_large_one_is_still_checked(client, ward, settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    client.force_login(ward.secretary_a)
    small = SimpleUploadedFile("nho.pdf", PDF)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (2 * MB))
    response = client.post(
        reverse("coordination:request-create"),
        {**_form(ward), "files": [small, big]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert len(errors) == 1 and "lon.pdf" in errors[0]


def test_the_limit_handler_comes_first(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "coordination.uploads.UploadLimitHandler"
    assert settings.UPLOAD_MAX_REQUEST_BYTES >= (
        settings.ATTACHMENT_MAX_BYTES * settings.ATTACHMENT_MAX_FILES
    )


def test_other_bad_requests_keep_djangos_answer(client, db):
    response = client.get("/", HTTP_HOST="bad host")  # DisallowedHost → 400
    assert response.status_code == 400
