"""The form that confirms or moves an entry's date. Only these fields are read
from a POST; the ward, the year, who and when are set by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..validators import SingleLineField, VietnameseMessagesMixin, WindowDateField


class ConfirmDateForm(VietnameseMessagesMixin, forms.Form):
    date = WindowDateField(
        label=_("Ngày"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Xin chọn ngày.")},
    )
    note = SingleLineField(label=_("Ghi chú (địa điểm, thành phần …)"), required=False)

    def __init__(self, *args, entry=None, **kwargs):
        if entry is not None:
            kwargs.setdefault("initial", {"date": entry.date, "note": entry.note})
            kwargs.setdefault("prefix", f"e{entry.pk}")
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return {
            "date": self.cleaned_data["date"],
            "note": self.cleaned_data.get("note") or "",
        }
