"""A document rendered by a Celery worker (``reports.tasks.render_document``),
never inside the web request: who asked, what, its state and progress, the
error shown to the user (the traceback stays in the log) and the result.

Registered through one import at the end of ``reports.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RenderJob(models.Model):
    class Kind(models.TextChoices):
        RESULT_REPORT = "result", _("Báo cáo kết quả thực hiện Quy chế")
        EXCHANGE_REPORT = "exchange", _("Báo cáo trao đổi thông tin")
        DOSSIER = "dossier", _("Hồ sơ đề nghị phối hợp")
        # Signing: the register's number taken, the PDF rendered and archived
        # in one transaction by the worker (reports.services.sign_report).
        SIGNING = "sign", _("Ký và lưu trữ báo cáo")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="render_jobs",
    )
    kind = models.CharField(_("loại văn bản"), max_length=10, choices=Kind)
    object_id = models.PositiveIntegerField(_("mã đối tượng"))
    fmt = models.CharField(_("định dạng"), max_length=4, choices=Format)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status, default=Status.QUEUED
    )
    progress = models.CharField(_("tiến độ"), max_length=200, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    result = models.BinaryField(_("kết quả"), null=True, blank=True, editable=False)
    filename = models.CharField(_("tên tệp"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ tạo văn bản")
        verbose_name_plural = _("tác vụ tạo văn bản")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} ({self.fmt})"

    def get_absolute_url(self) -> str:
        return reverse("reports:render-job", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
