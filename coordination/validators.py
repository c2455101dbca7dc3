"""Input checks shared by every form: single-line text (subjects, titles,
places: they end up in e-mail headers and page titles), length caps shown in
the form, multi-line text without control characters, dates within a sane
window, integers as ASCII digits, and Vietnamese messages for the errors whose
Django wording is missing or English. Bad input is answered with a message
next to the field, never a server error."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Caps (characters). Single-line fields keep their model's max_length (255).
SINGLE_LINE_MAX = 255
CONTENT_MAX = 10_000  # request content, answers and their drafts
LONG_TEXT_MAX = 20_000  # meeting minutes, a provision's text
POSITION_MAX = 5_000  # each side's position, the standing committee's direction
COMMENT_MAX = 2_000  # notes on a transition, reasons
PARTICIPANTS_MAX = 1_000  # who attends a meeting
SEARCH_MAX = 200  # search boxes
TITLE_MAX = 500  # a regulation's or a provision's title

EARLIEST_DATE = datetime.date(2000, 1, 1)
YEARS_AHEAD = 10

_CONTROL = "\x00-\x1f\x7f-\x9f"  # C0 (tab, line breaks included), DEL, C1
_BIDI = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides, isolates
_SEPARATORS = "\u2028\u2029"  # line and paragraph separators
_INVISIBLE = "\u200b-\u200d\u2060\ufeff"  # zero-width characters
_NOT_SINGLE_LINE = re.compile(f"[{_CONTROL}{_BIDI}{_SEPARATORS}]")
_BLANK = re.compile(rf"[\s{_INVISIBLE}]*")
# In multi-line text: controls that are neither a tab nor a line break (they
# are not valid XML, so a DOCX or PDF report could not print them).
_BAD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HEADER_DROP = re.compile(f"[{_BIDI}{_INVISIBLE}]")
_HEADER_SPACE = re.compile(rf"[\s{_CONTROL}{_SEPARATORS}]+")
_ASCII_INT = re.compile(r"[0-9]{1,18}")

SINGLE_LINE_MESSAGE = _(
    "Chỉ nhập trên một dòng: không dùng ký tự xuống dòng, tab, ký tự điều khiển "
    "hoặc ký tự đổi chiều văn bản."
)
BLANK_MESSAGE = _("Không được chỉ gồm khoảng trắng hoặc ký tự vô hình.")
CONTROL_MESSAGE = _("Nội dung có ký tự điều khiển không hợp lệ; xin nhập lại.")


# --- plain checks ------------------------------------------------------------------


def nfc(text: str) -> str:
    """Text stored in one Unicode form (NFC), whatever the keyboard or the
    pasted document sent (so a search finds it)."""
    return unicodedata.normalize("NFC", text or "")


def is_blank(value: str) -> bool:
    """Only whitespace and zero-width characters (or nothing)."""
    return bool(_BLANK.fullmatch(value))


def single_line_error(value: str) -> str | None:
    """Why ``value`` is not an acceptable single line (Vietnamese), or None."""
    if _NOT_SINGLE_LINE.search(value):
        return str(SINGLE_LINE_MESSAGE)
    if is_blank(value):
        return str(BLANK_MESSAGE)
    return None


def validate_single_line(value: str) -> None:
    if _NOT_SINGLE_LINE.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")
    if is_blank(value):
        raise ValidationError(BLANK_MESSAGE, code="blank")


def validate_text(value: str) -> None:
    """Multi-line text: line breaks and tabs are fine, other controls are not."""
    if _BAD_IN_TEXT.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def header_line(value: str) -> str:
    """``value`` as one line for an e-mail header: every run of whitespace and
    control characters becomes one space; direction and zero-width
    characters are dropped."""
    return _HEADER_SPACE.sub(" ", _HEADER_DROP.sub("", value or "")).strip()


def parse_int(value) -> int | None:
    """An integer written with ASCII digits only ("12", never "²", "①", "1e3"
    or a 5,000-digit number), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _ASCII_INT.fullmatch(value.strip()):
        return int(value.strip())
    return None


def date_window(today: datetime.date | None = None):
    """The dates a form accepts: from 2000 to ten years ahead."""
    today = today or timezone.localdate()
    return EARLIEST_DATE, datetime.date(today.year + YEARS_AHEAD, 12, 31)


def validate_date_in_window(value) -> None:
    """Dates and date-times (compared as written, in the user's time zone)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    start, end = date_window()
    if not start <= day <= end:
        raise ValidationError(
            _("Ngày phải trong khoảng từ %(start)s đến %(end)s."),
            code="date_out_of_range",
            params={
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
            },
        )


# --- form fields ---------------------------------------------------------------------


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def _cap_text(number: int) -> str:
    return gettext("Tối đa %(count)s ký tự.") % {"count": _grouped(number)}


cap_text = lazy(_cap_text, str)


def set_help_text(field: forms.Field, text) -> None:
    """Give ``field`` a help text, keeping the length cap shown after it."""
    cap = getattr(field, "cap_text", None)
    field.help_text = format_lazy("{} {}", text, cap) if cap else text


class _CheckedText(forms.CharField):
    """A CharField whose cap is shown (maxlength attribute and help text) and
    whose value of only whitespace or zero-width characters counts as empty."""

    default_max_length = SINGLE_LINE_MAX

    def __init__(self, *, max_length: int | None = None, help_text="", **kwargs):
        max_length = max_length or self.default_max_length
        super().__init__(max_length=max_length, **kwargs)
        self.cap_text = cap_text(max_length)
        if help_text:
            set_help_text(self, help_text)
        else:
            self.help_text = self.cap_text

    def to_python(self, value):
        value = super().to_python(value)
        if value and is_blank(value):
            if self.required:
                raise ValidationError(BLANK_MESSAGE, code="blank")
            return self.empty_value
        return value


class SingleLineField(_CheckedText):
    """Subjects, titles, places: one line, no control, direction-override or
    isolate characters (they would break an e-mail header or turn a title
    around), not only whitespace."""

    default_validators = [validate_single_line]


class TextField(_CheckedText):
    """Multi-line text (a textarea) with a cap and no stray control characters."""

    default_validators = [validate_text]

    def __init__(self, *, rows: int = 4, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects by id: an id that is not an integer within the
    database's range is refused before the query (SQLite cannot even bind
    one past 64 bits)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and isinstance(
            self.queryset.model._meta.pk, models.IntegerField
        ):
            for pk in value:
                number = parse_int(pk)
                if number is None or not 0 < number < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class WindowDateField(forms.DateField):
    default_validators = [validate_date_in_window]


class WindowDateTimeField(forms.DateTimeField):
    default_validators = [validate_date_in_window]


# --- Vietnamese messages -------------------------------------------------------------

_CHOICE = {
    "invalid_choice": _("Giá trị “%(value)s” không hợp lệ."),
    "invalid_list": _("Xin chọn trong danh sách."),
}
# (field class, messages by error code): a field takes those of every class it
# is an instance of (each code with the parameters that class gives it).
MESSAGES = [
    (
        forms.CharField,
        {
            "null_characters_not_allowed": _("Không được chứa ký tự rỗng (NUL)."),
            "max_length": _("Tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
        },
    ),
    (forms.ChoiceField, _CHOICE),
    (forms.ModelChoiceField, _CHOICE),
    (
        forms.ModelMultipleChoiceField,
        {"invalid_pk_value": _("Giá trị “%(pk)s” không hợp lệ.")},
    ),
    (
        forms.IntegerField,
        {
            "invalid": _("Xin nhập một số nguyên."),
            "min_value": _("Giá trị nhỏ nhất là %(limit_value)s."),
            "max_value": _("Giá trị lớn nhất là %(limit_value)s."),
        },
    ),
    (
        forms.DateTimeField,
        {
            "invalid": _(
                "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 14:30."
            )
        },
    ),
    (
        forms.DateField,
        {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026.")},
    ),
]


def _default_messages(field: forms.Field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def vietnamese_messages(field: forms.Field) -> None:
    """Replace Django's default messages (some are English, some awkward) by
    ours; a message the form set itself is kept."""
    defaults = _default_messages(field)
    for cls, messages in MESSAGES:
        if not isinstance(field, cls):
            continue
        for code, message in messages.items():
            current = field.error_messages.get(code)
            if current is None or current is defaults.get(code):
                field.error_messages[code] = message


class VietnameseMessagesMixin:
    """For every form: Vietnamese messages on every field (see
    ``vietnamese_messages``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            vietnamese_messages(field)

    # Dates typed as dd/mm/yyyy, multiple choices as grouped checkboxes
    # (coordination.widgets), also on fields a form adds in its __init__.
    def _localize(self) -> None:
        from .widgets import localize_fields

        names = tuple(self.fields)
        if getattr(self, "_localized_fields", None) != names:
            localize_fields(self)  # once per set of fields, not per field read
            self._localized_fields = names

    def __getitem__(self, name):
        self._localize()
        return super().__getitem__(name)

    def full_clean(self):
        self._localize()
        super().full_clean()
