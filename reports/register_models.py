"""The outgoing register (sổ đăng ký văn bản đi) and the archive of signed
documents.

A number is taken from a per-(organisation, type, year) counter row locked
for the taking transaction (``reports.register``): two signings at once never
get the same number, and a number is never given twice (a cancelled entry
stays, with its reason; the counter only goes up).

An archived document is written once and never changed: no update or delete
path in the application (``save`` of an existing row, ``QuerySet.update`` and
``delete`` refuse), read-only in the admin. Its bytes are kept in the database
(``BinaryField``) rather than under MEDIA: they commit in the same transaction
as the register's number and the draft's "Đã ký" (a failed signing leaves no
orphan file, a crash no number without its file), nothing on disk can be
rewritten or served around the visibility rules, and the database's backups
hold the archive. A signed report is a few hundred kilobytes, a few a year per
ward."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """The type part of a symbol (PARTY_FORMAT.md, "Type symbols")."""

    BC = "BC", _("Báo cáo")
    QD = "QĐ", _("Quyết định, quy định")
    QC = "QC", _("Quy chế")
    KH = "KH", _("Kế hoạch")
    TB = "TB", _("Thông báo")
    HD = "HD", _("Hướng dẫn")
    CV = "CV", _("Công văn")
    BB = "BB", _("Biên bản")
    TTR = "TTr", _("Tờ trình")
    NQ = "NQ", _("Nghị quyết")
    KL = "KL", _("Kết luận")


class RegisterCounter(models.Model):
    """The last number given for an organisation, type and year; locked
    (``select_for_update``) while a number is taken."""

    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    type_code = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số văn bản đi")
        verbose_name_plural = _("bộ đếm số văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "type_code", "year"],
                name="register_counter_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type_code}/{self.year}: {self.last_number}"


class ArchivedDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("An archived document never changes.")

    def delete(self):
        raise TypeError("An archived document is never deleted.")


class ArchivedDocument(models.Model):
    """One signed version of a report, as issued: the PDF bytes and their
    SHA-256."""

    draft = models.ForeignKey(
        "reports.ReportDraft",
        verbose_name=_("báo cáo"),
        on_delete=models.PROTECT,
        related_name="archived_documents",
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    content = models.BinaryField(_("tệp PDF"), editable=False)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), editable=False)
    filename = models.CharField(_("tên tệp"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)

    objects = ArchivedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản lưu trữ")
        verbose_name_plural = _("văn bản lưu trữ")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "version"], name="archived_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} (v{self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("An archived document never changes.")
        data = bytes(self.content)
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.size = len(data)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:archive-detail", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        raise TypeError("An archived document is never deleted.")

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class RegisterEntry(models.Model):
    """A line of the outgoing register: one number of one organisation's
    type and year."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Đã ban hành")
        CANCELLED = "cancelled", _("Đã hủy số")

    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="register_entries",
    )
    type_code = models.CharField(_("loại văn bản"), max_length=4, choices=DocumentType)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=40)
    date = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.OneToOneField(
        ArchivedDocument,
        verbose_name=_("văn bản lưu trữ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entry",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.ISSUED
    )
    cancel_reason = models.TextField(_("lý do hủy số"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("hủy số lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("vào sổ lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")
        ordering = ["-year", "organization_id", "type_code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "type_code", "year", "number"],
                name="register_entry_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED
