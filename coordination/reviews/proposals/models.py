"""Commendation and criticism proposals (biểu dương, khen thưởng / phê bình;
ward Điều 11.1, 11.2, 12.2; province Điều 7.1) and amendment proposals to the
regulation (ward Điều 12.3; province Điều 8.3).

Evidence links are separate nullable foreign keys (one per kind of item, a
check constraint: exactly one set), not a generic content-type link: each
keeps ``PROTECT`` and the database's referential integrity, is joined with
``select_related`` and checked against its own visibility helper with one
``pk__in`` query per kind. Changes happen only in ``services`` and
``amendments``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Decision(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    ACCEPTED = "accepted", _("Đồng ý")
    REJECTED = "rejected", _("Không đồng ý")


class DecidingBody(models.TextChoices):
    # ward 11.1, province 7.1
    STANDING = "standing", _("Ban Thường vụ")
    # ward 11.2 (end of term), 12.2 (interim reviews)
    COMMITTEE = "committee", _("Ban Chấp hành Đảng bộ")


class _Decided(models.Model):
    """The decision of the body the regulation names: number, date, note."""

    state = models.CharField(
        _("trạng thái"), max_length=16, choices=Decision, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ghi chú quyết định"), blank=True)

    class Meta:
        abstract = True


class CommendationProposal(_Decided):
    class Kind(models.TextChoices):
        COMMEND = "commend", _("Biểu dương, khen thưởng")
        CRITICISE = "criticise", _("Phê bình")

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="commendation_proposals",
    )
    meeting = models.ForeignKey(
        "coordination.ReviewMeeting",
        verbose_name=_("cuộc họp đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("theo quy chế"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(
        pgettext_lazy("proposal kind", "hình thức"), max_length=16, choices=Kind
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("tập thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations_received",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân (người dùng)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations_received",
    )
    person_name = models.CharField(_("cá nhân (họ tên)"), max_length=255, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    reason = models.TextField(_("lý do"))
    deciding_body = models.CharField(
        _("cấp quyết định"), max_length=16, choices=DecidingBody
    )
    proposer_org = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị đề xuất"),
        on_delete=models.PROTECT,
        related_name="commendations_proposed",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề xuất biểu dương, phê bình")
        verbose_name_plural = _("đề xuất biểu dương, phê bình")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(person__isnull=False)
                | ~Q(person_name=""),
                name="commendation_has_subject",
            )
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s: %(subject)s") % {
            "kind": self.get_kind_display(),
            "subject": self.subject,
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-proposal-detail", kwargs={"pk": self.pk})

    @property
    def subject(self) -> str:
        """Who it is about: a person (name, position) and/or an organisation."""
        person = (
            (self.person.full_name or self.person.username)
            if self.person_id
            else self.person_name
        )
        parts = [p for p in (person, self.person_position) if p]
        if self.organization_id:
            parts.append(self.organization.name)
        return ", ".join(parts)


class ProposalEvidence(models.Model):
    """One item that justifies a proposal (exactly one of the four links)."""

    proposal = models.ForeignKey(
        CommendationProposal, on_delete=models.CASCADE, related_name="evidence"
    )
    request = models.ForeignKey(
        "coordination.CoordinationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    exchange_report = models.ForeignKey(
        "coordination.ExchangeReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    incident = models.ForeignKey(
        "coordination.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action_item = models.ForeignKey(
        "coordination.ReviewActionItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    LINKS = ("request", "exchange_report", "incident", "action_item")

    class Meta:
        verbose_name = _("căn cứ đề xuất")
        verbose_name_plural = _("căn cứ đề xuất")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(request__isnull=False, exchange_report__isnull=True)
                    & Q(incident__isnull=True, action_item__isnull=True)
                )
                | (
                    Q(request__isnull=True, exchange_report__isnull=False)
                    & Q(incident__isnull=True, action_item__isnull=True)
                )
                | (
                    Q(request__isnull=True, exchange_report__isnull=True)
                    & Q(incident__isnull=False, action_item__isnull=True)
                )
                | (
                    Q(request__isnull=True, exchange_report__isnull=True)
                    & Q(incident__isnull=True, action_item__isnull=False)
                ),
                name="proposal_evidence_one_link",
            )
        ]

    def __str__(self) -> str:
        name, pk = self.link
        return f"{name}:{pk}"

    @property
    def link(self) -> tuple[str, int]:
        for name in self.LINKS:
            pk = getattr(self, f"{name}_id")
            if pk is not None:
                return name, pk
        raise ValueError("no link")


class AmendmentCompilation(_Decided):
    """The police committee's compiled proposal to the standing committee (ward
    12.3, province 8.3); accepted, it opens a new draft version."""

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="amendment_compilations",
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("phiên bản quy chế"),
        on_delete=models.PROTECT,
        related_name="amendment_compilations",
    )
    summary = models.TextField(_("nội dung tổng hợp"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tổng hợp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    compiled_at = models.DateTimeField(_("tổng hợp lúc"), default=timezone.now)
    new_version = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("phiên bản sửa đổi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
    )
    changed_provisions = models.ManyToManyField(
        "regulations.Provision",
        verbose_name=_("điều khoản sửa đổi (phiên bản mới)"),
        blank=True,
        related_name="amended_by",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tờ trình sửa đổi quy chế")
        verbose_name_plural = _("tờ trình sửa đổi quy chế")
        ordering = ["-compiled_at", "-pk"]

    def __str__(self) -> str:
        return gettext("Tờ trình sửa đổi, bổ sung Quy chế ngày %(date)s") % {
            "date": timezone.localtime(self.compiled_at).strftime("%d/%m/%Y")
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-compilation-detail", kwargs={"pk": self.pk})


class AmendmentProposal(models.Model):
    """A difficulty or a new issue an organisation raises with the regulation,
    citing provisions of the version in force when raised (kept forever)."""

    class Kind(models.TextChoices):
        DIFFICULTY = "difficulty", _("Vướng mắc")
        NEW_ISSUE = "new_issue", _("Vấn đề mới phát sinh")

    ward = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đảng bộ"),
        on_delete=models.PROTECT,
        related_name="amendment_proposals",
    )
    organization = models.ForeignKey(
        "coordination.Organization",
        verbose_name=_("đơn vị kiến nghị"),
        on_delete=models.PROTECT,
        related_name="amendment_proposals_raised",
    )
    regulation = models.ForeignKey(
        "regulations.Regulation",
        verbose_name=_("phiên bản quy chế"),
        on_delete=models.PROTECT,
        related_name="amendment_proposals",
    )
    provisions = models.ManyToManyField(
        "regulations.Provision",
        verbose_name=_("điều khoản"),
        related_name="amendment_proposals",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
    content = models.TextField(_("nội dung"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiến nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("kiến nghị lúc"), default=timezone.now)
    compilation = models.ForeignKey(
        AmendmentCompilation,
        verbose_name=_("tờ trình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kiến nghị sửa đổi quy chế")
        verbose_name_plural = _("kiến nghị sửa đổi quy chế")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return gettext("%(kind)s của %(org)s") % {
            "kind": self.get_kind_display(),
            "org": self.organization.name,
        }

    def get_absolute_url(self) -> str:
        return reverse("coordination:review-amendment-detail", kwargs={"pk": self.pk})
