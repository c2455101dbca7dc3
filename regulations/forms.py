from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coordination.validators import (
    LONG_TEXT_MAX,
    SEARCH_MAX,
    TITLE_MAX,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
)

from .importer import ParsedRegulation, RegulationParseError, parse_docx, parse_text
from .models import Area, Provision, Regulation, Responsibility, Side
from .selectors import NO_AREA

UPLOAD_SALT = "regulations.upload"
UPLOAD_MAX_AGE = 60 * 60
ALLOWED_SUFFIXES = (".txt", ".md", ".docx")


class SearchForm(VietnameseMessagesMixin, forms.Form):
    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: trat tu"),
    )
    regulation = forms.ModelChoiceField(
        label=_("Quy chế"),
        queryset=Regulation.objects.order_by("code", "-version"),
        required=False,
        empty_label=_("Các quy chế đang có hiệu lực"),
    )
    side = forms.ChoiceField(
        label=_("Bên"),
        required=False,
        choices=[("", _("Mọi bên"))]
        + [(r.value, r.label) for r in (Side.Role.POLICE, Side.Role.CELLS)],
    )
    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    mode = forms.ChoiceField(
        label=_("Hình thức"),
        required=False,
        choices=[("", _("Chủ trì và phối hợp")), *Responsibility.Mode.choices],
    )
    cadence = forms.ChoiceField(
        label=_("Tần suất"),
        required=False,
        choices=[("", _("Mọi tần suất")), *Responsibility.Cadence.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", _("Mọi lĩnh vực")),
            *Area.objects.values_list("code", "name"),
            (NO_AREA, _("Ngoài sáu lĩnh vực (phương pháp phối hợp, họp, báo cáo)")),
        ]

    def has_criteria(self) -> bool:
        """Something valid to search by. An invalid field shows its message
        and is left out; the valid ones still apply (``criteria()``)."""
        return self.is_bound and any(self.criteria().values())

    def criteria(self) -> dict:
        self.is_valid()  # cleans once; cleaned_data holds the valid fields
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        data["regulation"] = self.cleaned_data.get("regulation")
        return data


class UploadForm(VietnameseMessagesMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_("Văn bản quy chế dạng .txt, .md hoặc .docx"),
    )
    code = forms.SlugField(
        label=_("Mã quy chế"),
        max_length=64,
        help_text=_(
            "Trùng mã một quy chế đã có thì tạo phiên bản mới của quy chế đó; "
            "mã mới thì tạo quy chế mới."
        ),
    )
    level = forms.ChoiceField(label=_("Cấp"), choices=Regulation.Level.choices)
    title = SingleLineField(
        label=_("Tên quy chế"),
        required=False,
        max_length=TITLE_MAX,
        help_text=_("Để trống để lấy tên trong văn bản"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp .txt, .md hoặc .docx."))
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn."))
        try:
            if suffix == ".docx":
                parsed = parse_docx(upload)
            else:
                parsed = parse_text(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Tệp không phải văn bản UTF-8.")) from None
        except RegulationParseError as exc:
            raise forms.ValidationError(
                _("Không đọc được văn bản — %(error)s"), params={"error": exc}
            ) from exc
        self.parsed = parsed
        return upload

    def clean(self):
        data = super().clean()
        parsed = getattr(self, "parsed", None)
        if parsed is not None and not (data.get("title") or parsed.title):
            self.add_error(
                "title", _("Văn bản không có tiêu đề “QUY CHẾ”; hãy nhập tên quy chế.")
            )
        return data

    def payload(self) -> str:
        """The parsed text and the choices made, signed, for the confirm step."""
        return signing.dumps(
            {
                "parsed": self.parsed.to_dict(),
                "code": self.cleaned_data["code"],
                "level": self.cleaned_data["level"],
                "title": self.cleaned_data["title"],
                "source_name": self.cleaned_data["file"].name,
            },
            salt=UPLOAD_SALT,
            compress=True,
        )


class ConfirmImportForm(VietnameseMessagesMixin, forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
            ) from None
        data["parsed"] = ParsedRegulation.from_dict(data["parsed"])
        return data


def _label(name: str):
    return capfirst(Provision._meta.get_field(name).verbose_name)


class ProvisionForm(VietnameseMessagesMixin, forms.ModelForm):
    label = SingleLineField(label=_label("label"), max_length=64)
    title = SingleLineField(label=_label("title"), required=False, max_length=TITLE_MAX)
    text = TextField(
        label=_label("text"), required=False, max_length=LONG_TEXT_MAX, rows=10
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = True

    def clean(self):
        data = super().clean()
        if not (data.get("title") or data.get("text")):
            raise forms.ValidationError(_("Điều khoản cần có tiêu đề hoặc nội dung."))
        return data

    class Meta:
        model = Provision
        fields = ["label", "title", "text"]
