"""Forms for proposals. Only the fields listed here are read from a POST; the
ward, the deciding body, the state and the authors are set by the services.
Each form's ``service_kwargs()`` gives its service's keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from regulations.models import Provision
from regulations.selectors import regulation_in_force_for

from ...organizations.models import Membership, Organization
from ...permissions import visible_review_meetings
from ...validators import (
    COMMENT_MAX,
    CONTENT_MAX,
    ModelMultipleChoiceField,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
)
from ..models import ReviewActionItem, ReviewMeeting
from ..visibility import proposer_org_ids, raiser_org_ids
from . import services
from .models import AmendmentProposal, CommendationProposal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EVIDENCE_LABELS = {
    "request": _("Căn cứ: yêu cầu phối hợp"),
    "exchange_report": _("Căn cứ: báo cáo trao đổi thông tin"),
    "incident": _("Căn cứ: tình huống đột xuất"),
    "action_item": _("Căn cứ: việc cần làm sau họp đánh giá"),
}


class ProposalForm(VietnameseMessagesMixin, forms.Form):
    proposer_org = forms.ModelChoiceField(
        label=_("Đơn vị đề xuất"), queryset=Organization.objects
    )
    meeting = forms.ModelChoiceField(
        label=_("Tại cuộc họp đánh giá"), queryset=ReviewMeeting.objects, required=False
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=CommendationProposal.Kind)
    organization = forms.ModelChoiceField(
        label=_("Tập thể"), queryset=Organization.objects, required=False
    )
    person = forms.ModelChoiceField(
        label=_("Cá nhân (người dùng)"), queryset=User.objects, required=False
    )
    person_name = SingleLineField(label=_("Cá nhân (họ tên)"), required=False)
    person_position = SingleLineField(label=_("Chức vụ"), required=False)
    reason = TextField(label=_("Lý do"), max_length=CONTENT_MAX, rows=5)

    def __init__(self, *args, user, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(pk__in=proposer_org_ids(user))
        self.fields["proposer_org"].queryset = orgs
        wards = {o.parent_id for o in orgs}
        self.fields["meeting"].queryset = ReviewMeeting.objects.filter(
            ward_id__in=wards
        ).filter(pk__in=visible_review_meetings(user).values("pk"))
        if meeting is not None:
            self.fields["meeting"].initial = meeting.pk
        self.fields["organization"].queryset = Organization.objects.filter(
            parent_id__in=wards, is_active=True
        ).order_by("name")
        members = Membership.objects.current().filter(organization__parent_id__in=wards)
        self.fields["person"].queryset = User.objects.filter(
            pk__in=members.values("user_id"), is_active=True
        ).order_by("full_name", "username")
        ward = orgs[0].parent if len(orgs) == 1 else None
        if (
            ward is not None
            and not services.rule_for(
                ward, regulation_in_force_for(ward), meeting
            ).allows_criticism
        ):
            # province 7.1: commendation only
            self.fields["kind"].choices = [
                c for c in CommendationProposal.Kind.choices if c[0] == "commend"
            ]
        choices = services.evidence_choices(user, ward) if ward else {}
        for name, label in EVIDENCE_LABELS.items():
            self.fields[name] = ModelMultipleChoiceField(
                label=label,
                queryset=choices.get(name, ReviewActionItem.objects.none()),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["evidence"] = {
            name: list(data.pop(name) or []) for name in EVIDENCE_LABELS
        }
        return data


class DecisionForm(VietnameseMessagesMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decision_number = SingleLineField(
        label=_("Số quyết định"), max_length=64, required=False
    )
    decision_date = WindowDateField(
        label=_("Ngày quyết định"), widget=DATE, required=False
    )
    note = TextField(label=_("Ghi chú"), max_length=COMMENT_MAX, required=False)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AmendmentForm(VietnameseMessagesMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đơn vị kiến nghị"), queryset=Organization.objects
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=AmendmentProposal.Kind)
    provisions = ModelMultipleChoiceField(
        label=_("Điều khoản (phiên bản đang có hiệu lực)"),
        queryset=Provision.objects,
    )
    content = TextField(label=_("Nội dung"), max_length=CONTENT_MAX, rows=6)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(pk__in=raiser_org_ids(user))
        self.fields["organization"].queryset = orgs
        regulations = {
            r.pk
            for r in (regulation_in_force_for(o.parent) for o in orgs if o.parent)
            if r is not None
        }
        self.fields["provisions"].queryset = Provision.objects.filter(
            regulation_id__in=regulations
        ).order_by("regulation_id", "order", "pk")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CompilationForm(VietnameseMessagesMixin, forms.Form):
    items = ModelMultipleChoiceField(
        label=_("Các kiến nghị"),
        queryset=AmendmentProposal.objects,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = TextField(label=_("Nội dung tổng hợp"), max_length=CONTENT_MAX, rows=6)

    def __init__(self, *args, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = (
            AmendmentProposal.objects.filter(ward_id__in=wards, compilation=None)
            .select_related("organization")
            .order_by("raised_at", "pk")
        )

    def service_kwargs(self) -> dict:
        items = list(self.cleaned_data["items"])
        return {
            "ward": items[0].ward,
            "items": items,
            "summary": self.cleaned_data["summary"],
        }
