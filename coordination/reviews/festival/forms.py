"""Forms for the 19/8 festival; ``service_kwargs()`` gives each service's
keyword arguments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...organizations.models import Organization
from ...validators import (
    CONTENT_MAX,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateField,
)
from ..forms import DATE, host_wards


class FestivalForm(VietnameseMessagesMixin, forms.Form):
    ward = forms.ModelChoiceField(label=_("Đảng bộ"), queryset=Organization.objects)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    held_on = WindowDateField(label=_("Ngày tổ chức"), widget=DATE)
    place = SingleLineField(label=_("Địa điểm"))
    notes = TextField(
        label=_("Ghi chú"), max_length=CONTENT_MAX, rows=4, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wards = host_wards(user)
        self.fields["ward"].queryset = wards
        if len(wards) == 1:
            self.fields["ward"].initial = wards[0]
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["held_on"].initial = today.replace(month=8, day=19)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class EntryForm(VietnameseMessagesMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Organization.objects
    )
    activities = TextField(
        label=_("Hoạt động đã thực hiện"), max_length=CONTENT_MAX, rows=4
    )
    participants = forms.IntegerField(
        label=_("Số người tham gia (nếu có)"),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        ).order_by("name")
        self.only = organizations[0] if len(organizations) == 1 else None
        if self.only is not None:
            # One organisation: it is the one, whatever the page showed.
            field.required, field.initial = False, self.only.pk

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["organization"] = data["organization"] or self.only
        return data
