from __future__ import annotations

from django import forms

from coordination.validators import VietnameseMessagesMixin

from .models import ReportDraft


class ReportDraftForm(VietnameseMessagesMixin, forms.ModelForm):
    """The sections the police committee writes by hand."""

    class Meta:
        model = ReportDraft
        fields = ["assessment", "proposals", "commendations", "criticisms"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
