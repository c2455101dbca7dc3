from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from coordination.validators import VietnameseMessagesMixin


class LoginForm(VietnameseMessagesMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại (mật khẩu "
            "phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Xin liên hệ quản trị."),
    }

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(VietnameseMessagesMixin, auth_forms.PasswordChangeForm):
    """Django's form, with Vietnamese messages for malformed input."""
