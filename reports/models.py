"""The police committee's report on the regulation's implementation (Báo cáo
kết quả thực hiện Quy chế phối hợp, ward Điều 11.1) as a draft: the sections
its leaders and support staff write by hand. The data sections are computed
from the data each time the report is rendered (``reports.result_report``);
the secretary marks the draft final ("Đã ký")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReportDraft(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        FINAL = "final", _("Đã ký")

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="report_drafts",
    )
    # A six-monthly round (H1, H2), or none for the whole year.
    round = models.ForeignKey(
        "coordination.ExchangeRound",
        verbose_name=_("kỳ"),
        on_delete=models.PROTECT,
        related_name="report_drafts",
        null=True,
        blank=True,
    )
    # The committee's term (nhiệm kỳ), for the end-of-term report (ward Điều
    # 11.2); then ``round`` is empty and ``year`` is the term's last year.
    term = models.ForeignKey(
        "coordination.Term",
        verbose_name=_("nhiệm kỳ"),
        on_delete=models.PROTECT,
        related_name="report_drafts",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    assessment = models.TextField(_("đánh giá chung"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    commendations = models.TextField(_("đề nghị khen thưởng"), blank=True)
    criticisms = models.TextField(_("phê bình"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    data_refreshed_at = models.DateTimeField(
        _("tạo lại số liệu lúc"), null=True, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    # The version the next signing archives: reopening a signed report for
    # changes moves it on (``reports.services.reopen_report``).
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("dự thảo báo cáo kết quả thực hiện Quy chế")
        verbose_name_plural = _("dự thảo báo cáo kết quả thực hiện Quy chế")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "round"],
                condition=Q(round__isnull=False),
                name="report_draft_round_unique",
            ),
            models.UniqueConstraint(
                fields=["ward", "year"],
                condition=Q(round__isnull=True, term__isnull=True),
                name="report_draft_year_unique",
            ),
            models.UniqueConstraint(
                fields=["ward", "term"],
                condition=Q(term__isnull=False),
                name="report_draft_term_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reports:result-report-edit", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        """ "6 tháng đầu năm 2026", "Năm 2026" or "Nhiệm kỳ 2025–2030"."""
        if self.round_id:
            return self.round.label
        if self.term_id:
            return gettext("Nhiệm kỳ %(start)s–%(end)s") % {
                "start": self.term.start_year,
                "end": self.term.end_year,
            }
        return gettext("Năm %(year)s") % {"year": self.year}

    @property
    def is_term_report(self) -> bool:
        return self.term_id is not None

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


from .jobs import RenderJob  # noqa: F401, E402
from .register_models import (  # noqa: E402, F401
    ArchivedDocument,
    DocumentType,
    RegisterCounter,
    RegisterEntry,
)
