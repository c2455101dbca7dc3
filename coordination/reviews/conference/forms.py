"""Forms for the conference; ``service_kwargs()`` gives each service's
keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...organizations.models import Organization
from ...validators import (
    COMMENT_MAX,
    CONTENT_MAX,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
)
from ..forms import DATE, host_wards


class ConferenceForm(VietnameseMessagesMixin, forms.Form):
    ward = forms.ModelChoiceField(label=_("Đảng bộ"), queryset=Organization.objects)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    held_on = WindowDateField(label=_("Ngày tổ chức"), widget=DATE)
    place = SingleLineField(label=_("Địa điểm"))
    summary = TextField(
        label=_("Tóm tắt hội nghị"), max_length=CONTENT_MAX, rows=5, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wards = host_wards(user)
        self.fields["ward"].queryset = wards
        if len(wards) == 1:
            self.fields["ward"].initial = wards[0]
        self.fields["year"].initial = timezone.localdate().year

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class OpinionForm(VietnameseMessagesMixin, forms.Form):
    raised_by = SingleLineField(label=_("Người, tổ chức nêu ý kiến"))
    content = TextField(label=_("Ý kiến"), max_length=CONTENT_MAX, rows=4)
    assignee = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết"), queryset=Organization.objects
    )
    due_date = WindowDateField(label=_("Hạn trả lời"), widget=DATE)

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Organization.objects.filter(
            parent_id=conference.ward_id, is_active=True
        ).order_by("name")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class AnswerForm(VietnameseMessagesMixin, forms.Form):
    answer = TextField(label=_("Trả lời"), max_length=COMMENT_MAX)

    def service_kwargs(self) -> dict:
        return {"answer": self.cleaned_data["answer"]}
