"""Shared form widgets that do not depend on the browser's locale or on a
Ctrl key (issue 20).

- ``DayInput`` / ``DayTimeInput``: a plain text box typed and shown as
  dd/mm/yyyy (and HH:MM, 24 h). The browser's native date input follows the
  operating system's locale (mm/dd/yyyy on an English office PC); this one
  never does. The server reads dd/mm/yyyy and, for old links and tests, ISO.
- ``GroupedCheckboxes``: a multi-choice field as real checkboxes, grouped the
  way users think (the police committee, the cells, other kinds), one
  fieldset and legend per group. static/js/ui.js adds "select all" per group,
  a filter box for long lists and the live count; without JavaScript the
  checkboxes work as they are.

``localize_fields`` applies both to every form built with
``validators.VietnameseMessagesMixin``: every date, date-time and multiple
choice field of the product, including those of features added later.
"""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DATE_DISPLAY = "%d/%m/%Y"
DATETIME_DISPLAY = "%d/%m/%Y %H:%M"
# Typed by people first (with or without slashes, a phone's numeric keypad has
# none), then ISO: the native inputs' format, kept for links and old tests.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y, %H:%M",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%d%m%Y %H%M",
    "%d%m%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
# Native inputs this module leaves alone: a month picker, a time, hidden.
_KEPT_TYPES = {"month", "week", "time", "hidden"}
LONG_LIST = 8  # more choices than this get a filter box


class DayInput(forms.DateInput):
    """A date as dd/mm/yyyy in a text box, whatever the browser's locale."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            # Valid with the "v" flag browsers now compile patterns with.
            "pattern": r"\d{1,2}[\/.\-]?\d{1,2}[\/.\-]?\d{4}|\d{4}-\d{2}-\d{2}",
            "maxlength": "10",
            "size": "12",
            "autocomplete": "off",
            "title": _("Ngày/tháng/năm, ví dụ 25/12/2026"),
            "class": "date-input",
            "data-date-input": "date",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_DISPLAY)


class DayTimeInput(forms.DateTimeInput):
    """A date and time as dd/mm/yyyy HH:MM (24 h) in a text box."""

    input_type = "text"

    def __init__(self, attrs=None):
        base = {
            "placeholder": "dd/mm/yyyy HH:MM",
            "maxlength": "19",
            "size": "18",
            "autocomplete": "off",
            "title": _("Ngày/tháng/năm giờ:phút, ví dụ 25/12/2026 14:30"),
            "class": "date-input date-input--time",
            "data-date-input": "datetime",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATETIME_DISPLAY)


# --- grouped checkboxes ----------------------------------------------------------


def organization_group(instance):
    """(order, key, legend, select-all label) of an organisation's group."""
    from .organizations.models import Organization

    kind = getattr(instance, "kind", None)
    if kind == Organization.Kind.POLICE_COMMITTEE:
        return (0, kind, _("Đảng ủy Công an"), None)
    if kind == Organization.Kind.CELL:
        return (1, kind, _("Các chi bộ"), _("Chọn tất cả các chi bộ"))
    order = 2 if kind in Organization.CELL_SIDE_KINDS else 3
    label = Organization.Kind(kind).label if kind else _("Khác")
    return (order, kind or "", label, _("Chọn tất cả: %(group)s") % {"group": label})


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in groups (a fieldset and legend each), with the hooks
    static/js/ui.js enhances. Choices of a model field are grouped by
    ``group_of(instance)``; other choices form one group."""

    template_name = "widgets/grouped_checkboxes.html"

    def __init__(self, attrs=None, choices=(), *, group_of=None, noun=None):
        super().__init__(attrs, choices)
        self.group_of = group_of
        self.noun = noun

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.group_of, obj.noun = self.group_of, self.noun
        return obj

    def _group(self, option_value):
        instance = getattr(option_value, "instance", None)
        if self.group_of is None or instance is None:
            return (0, "", None, _("Chọn tất cả"))
        return self.group_of(instance)

    def optgroups(self, name, value, attrs=None):
        groups: dict = {}
        index = 0
        for option_value, option_label in self.choices:
            if option_value is None or option_value == "":
                continue
            if isinstance(option_label, list | tuple):  # already grouped choices
                key = (1, str(option_value), option_value, _("Chọn tất cả"))
                pairs = option_label
            else:
                key = self._group(option_value)
                pairs = [(option_value, option_label)]
            for sub_value, sub_label in pairs:
                selected = str(sub_value) in value
                option = self.create_option(
                    name, sub_value, sub_label, selected, index, attrs=attrs
                )
                groups.setdefault(key, []).append(option)
                index += 1
        ordered = sorted(groups.items(), key=lambda item: (item[0][0], str(item[0][2])))
        return [
            {
                "key": key[1],
                "legend": key[2],
                "select_all": key[3] if len(options) > 1 else None,
                "options": options,
            }
            for key, options in ordered
        ]

    def id_for_label(self, id_, index=None):
        # The whole group (the error summary links to it), or one checkbox.
        return id_ if index is None else super().id_for_label(id_, index)

    def options(self, name, value, attrs=None):
        for group in self.optgroups(name, value, attrs):
            yield from group["options"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = context["widget"]["optgroups"]
        total = sum(len(g["options"]) for g in groups)
        chosen = sum(1 for g in groups for o in g["options"] if o["selected"])
        count_text = str(self.noun or _("Đã chọn %(count)s mục"))
        context["widget"].update(
            {
                "total": total,
                "long": total > LONG_LIST,
                "count_text": count_text,
                "count_now": count_text.replace("%(count)s", str(chosen)),
                "single_group": len(groups) == 1,
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # Ours is in the project's templates (templates/widgets/), which the
        # default form renderer does not search; the options' stay Django's.
        if template_name != self.template_name:
            return super()._render(template_name, context, renderer)
        # An autoescaped template's output, as Django's own renderer returns it.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308


# --- applied to every form ------------------------------------------------------


def _rebuild(field: forms.Field, widget: forms.Widget) -> None:
    old = field.widget
    kept = {k: v for k, v in old.attrs.items() if k not in ("type", "size", "class")}
    widget.attrs.update(kept)
    widget.is_required = field.required
    widget.is_localized = old.is_localized
    widget.attrs.update(field.widget_attrs(widget))
    if hasattr(old, "choices"):
        widget.choices = old.choices
    field.widget = widget


def _kept(widget: forms.Widget) -> bool:
    # Django moves attrs["type"] to input_type.
    kind = widget.attrs.get("type") or getattr(widget, "input_type", None)
    return kind in _KEPT_TYPES


def localize_fields(form: forms.BaseForm) -> None:
    """Dates as dd/mm/yyyy text, multiple choices as grouped checkboxes, on
    every field of ``form`` still using Django's default widgets."""
    from .organizations.models import Organization

    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateTimeField):
            if (
                isinstance(widget, forms.DateTimeInput)
                and not _kept(widget)
                and not isinstance(widget, DayTimeInput)
            ):
                _rebuild(field, DayTimeInput())
            field.input_formats = DATETIME_INPUT_FORMATS
        elif isinstance(field, forms.DateField):
            if isinstance(widget, forms.DateInput) and not _kept(widget):
                if not isinstance(widget, DayInput):
                    _rebuild(field, DayInput())
                field.input_formats = DATE_INPUT_FORMATS
        elif isinstance(
            field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
        ) and type(widget) in (forms.SelectMultiple, forms.CheckboxSelectMultiple):
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is Organization:
                new = GroupedCheckboxes(
                    group_of=organization_group, noun=_("Đã chọn %(count)s đơn vị")
                )
            else:
                new = GroupedCheckboxes()
            _rebuild(field, new)
            if field.help_text and "Ctrl" in str(field.help_text):
                field.help_text = ""
