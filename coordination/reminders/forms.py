from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind


class PreferencesForm(forms.Form):
    """E-mail per kind of reminder; the in-app notification is always on."""

    email_kinds = forms.MultipleChoiceField(
        label=_("Nhận thư điện tử nhắc hạn cho"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bỏ chọn một loại thì không nhận thư điện tử cho loại đó; thông báo "
            "trong hệ thống vẫn luôn có."
        ),
    )
