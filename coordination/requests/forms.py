"""Forms for coordination requests. Only the fields listed here are read from
a POST: state, sender (chosen among the user's own organisations), author and
dates are set by the services, never by the browser."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regulations.models import Area, Provision

from .. import uploads
from ..organizations.models import Organization
from ..validators import (
    COMMENT_MAX,
    CONTENT_MAX,
    LONG_TEXT_MAX,
    PARTICIPANTS_MAX,
    POSITION_MAX,
    ModelMultipleChoiceField,
    SingleLineField,
    TextField,
    VietnameseMessagesMixin,
    WindowDateTimeField,
    set_help_text,
)
from ..widgets import (
    DATETIME_INPUT_FORMATS,
    DayTimeInput,
    GroupedCheckboxes,
    organization_group,
)
from .models import CoordinationRequest
from .selectors import (
    citable_provisions,
    joint_report_required,
    provision_label,
    sides_without_own_position,
)
from .workflow import counterpart_kinds


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one checked by size and content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single(f, initial) for f in files if f]
        errors = []
        for f in cleaned:
            try:
                uploads.validate_attachment(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def _attachment_help() -> str:
    from django.conf import settings

    return _("Tối đa %(mb)s MB mỗi tệp; loại tệp: %(types)s.") % {
        "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "types": uploads.allowed_extensions_text(),
    }


class ProvisionChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return provision_label(obj)


def recipient_choices(sender, sender_orgs):
    """The other side of the regulation in the sender's ward(s): a request
    never leaves the ward and goes between the police committee and the cells
    (``workflow.scope_error``; the service checks it again)."""
    from ..organizations.services import ward_organizations, ward_root

    own = [sender] if sender else list(sender_orgs)
    ids = set()
    for org in own:
        kinds = counterpart_kinds(org)
        ids |= {o.pk for o in ward_organizations(ward_root(org)) if o.kind in kinds}
    ids -= {org.pk for org in own}  # the sender is never its own recipient
    return Organization.objects.filter(pk__in=ids, is_active=True).order_by("name")


class RequestForm(VietnameseMessagesMixin, forms.Form):
    sender = forms.ModelChoiceField(
        label=_("Đơn vị đề nghị"), queryset=Organization.objects.none()
    )
    recipients = ModelMultipleChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Organization.objects.none(),
        widget=GroupedCheckboxes(
            group_of=organization_group, noun=_("Đã chọn %(count)s đơn vị")
        ),
    )
    subject = SingleLineField(label=_("Trích yếu"))
    content = TextField(label=_("Nội dung đề nghị"), max_length=CONTENT_MAX, rows=6)
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=CoordinationRequest.Kind.choices,
        initial=CoordinationRequest.Kind.PROPOSAL,
    )
    priority = forms.ChoiceField(
        label=_("Mức độ"),
        choices=CoordinationRequest.Priority.choices,
        help_text=_(
            "Việc quan trọng, phức tạp có thể họp làm việc và báo cáo Thường trực."
        ),
    )
    confidentiality = forms.TypedChoiceField(
        label=_("Độ mật"),
        coerce=int,
        choices=CoordinationRequest._meta.get_field("confidentiality").choices,
    )
    response_days = forms.IntegerField(
        label=_("Thời hạn trả lời (ngày làm việc)"),
        min_value=1,
        max_value=60,
        initial=5,
        help_text=_("Không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù."),
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Area.objects.all(), required=False
    )
    provisions = ProvisionChoiceField(
        label=_("Căn cứ điều khoản của Quy chế"),
        queryset=Provision.objects.none(),
        required=False,
        widget=GroupedCheckboxes(noun=_("Đã chọn %(count)s điều khoản")),
    )
    files = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, user, sender_orgs, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance = instance
        self.fields["files"].help_text = _attachment_help()
        self.fields["sender"].queryset = sender_orgs
        if sender_orgs.count() == 1:
            # One real choice: no "---------" line to pick by mistake.
            self.fields["sender"].empty_label = None
            if not self.is_bound:
                self.fields["sender"].initial = sender_orgs.first()
        self.fields["recipients"].queryset = recipient_choices(
            instance.sender if instance is not None else None, sender_orgs
        )
        self.fields["provisions"].queryset = citable_provisions(
            [instance.sender] if instance is not None else sender_orgs
        )
        self.fields["confidentiality"].choices = [
            (value, label)
            for value, label in self.fields["confidentiality"].choices
            if value <= user.clearance
        ]
        if instance is not None:
            self.fields.pop("sender")
            if not self.is_bound:
                for name in (
                    "subject",
                    "content",
                    "kind",
                    "priority",
                    "confidentiality",
                    "response_days",
                    "area",
                ):
                    self.fields[name].initial = getattr(instance, name)
                self.fields["recipients"].initial = [
                    r.organization_id for r in instance.recipients.all()
                ]
                self.fields["provisions"].initial = list(
                    instance.provisions.values_list("pk", flat=True)
                )

    def clean(self):
        data = super().clean()
        sender = data.get("sender") or (self.instance and self.instance.sender)
        recipients = data.get("recipients")
        if sender and recipients and sender in recipients:
            self.add_error("recipients", _("Đơn vị nhận phải khác đơn vị gửi đề nghị."))
        return data


class VersionedForm(VietnameseMessagesMixin, forms.Form):
    """Carries the version the user saw; a stale form is refused (T23).

    The form of a workflow transition (``workflow.Transition.form``): it is
    built with the sides the user acts for, and ``service_kwargs()`` turns
    its cleaned data into the keyword arguments of the transition's service."""

    # Read as given: ``workflow.check_version`` refuses a version that is not
    # an integer with the same message as a stale one.
    version = forms.Field(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sides=(), recipient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sides = set(sides)
        self.recipient = recipient

    def clean_version(self):
        return self.cleaned_data["version"] or None

    def notes(self) -> list[str]:
        """What the user should know before confirming (shown above the form)."""
        return []

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @classmethod
    def initial_for(cls, recipient) -> dict:
        """The form's initial data on this recipient row (GET)."""
        return {"version": recipient.version}


class CommentForm(VersionedForm):
    comment = TextField(
        label=_("Ghi chú"), required=False, max_length=COMMENT_MAX, rows=3
    )


class ReturnForm(VersionedForm):
    comment = TextField(
        label=_("Thông tin còn thiếu"),
        max_length=COMMENT_MAX,
        rows=3,
        error_messages={"required": _("Xin ghi rõ thông tin còn thiếu.")},
    )


class AnswerDraftForm(VersionedForm):
    body = TextField(
        label=_("Dự thảo trả lời"),
        max_length=CONTENT_MAX,
        rows=6,
        help_text=_(
            "Lãnh đạo đơn vị (bí thư, phó bí thư, đầu mối) sẽ xem, sửa nếu cần và gửi."
        ),
        error_messages={"required": _("Xin nhập nội dung dự thảo trả lời.")},
    )

    @classmethod
    def initial_for(cls, recipient) -> dict:
        return {**super().initial_for(recipient), "body": recipient.answer_draft}


class AnswerForm(VersionedForm):
    body = TextField(
        label=_("Nội dung trả lời"),
        max_length=CONTENT_MAX,
        rows=6,
        error_messages={"required": _("Xin nhập nội dung trả lời.")},
    )
    files = MultipleFileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _attachment_help()

    @classmethod
    def initial_for(cls, recipient) -> dict:
        """The support staff's draft, if any, for the leader to check and send."""
        return {**super().initial_for(recipient), "body": recipient.answer_draft}


class MeetingForm(VersionedForm):
    starts_at = WindowDateTimeField(
        label=_("Thời gian họp"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=DayTimeInput(),
        error_messages={"required": _("Xin chọn thời gian họp.")},
    )
    place = SingleLineField(label=_("Địa điểm"))
    sender_participants = TextField(
        label=_("Thành phần bên đề nghị"), max_length=PARTICIPANTS_MAX, rows=2
    )
    recipient_participants = TextField(
        label=_("Thành phần bên nhận"), max_length=PARTICIPANTS_MAX, rows=2
    )


class MeetingOutcomeForm(VersionedForm):
    OUTCOMES = [("agreed", _("Thống nhất")), ("not_agreed", _("Không thống nhất"))]
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=OUTCOMES, widget=forms.RadioSelect
    )
    minutes = TextField(
        label=_("Biên bản họp"),
        max_length=LONG_TEXT_MAX,
        rows=5,
        error_messages={"required": _("Xin ghi biên bản cuộc họp.")},
    )

    def service_kwargs(self) -> dict:
        return {
            "agreed": self.cleaned_data["outcome"] == "agreed",
            "minutes": self.cleaned_data["minutes"],
        }


class EscalateForm(VersionedForm):
    """Each side writes its own position; the other side's may be summarised
    here (from the meeting minutes) until that side records its own."""

    sender_position = TextField(
        label=_("Ý kiến bên đề nghị"), required=False, max_length=POSITION_MAX
    )
    recipient_position = TextField(
        label=_("Ý kiến bên nhận"), required=False, max_length=POSITION_MAX
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = {"sender": "sender_position", "recipient": "recipient_position"}
        self.own_fields = [own[side] for side in own if side in self.sides]
        for name in ("sender_position", "recipient_position"):
            field = self.fields[name]
            if name in self.own_fields:
                field.required = True
                field.error_messages["required"] = _("Xin ghi ý kiến của bên đồng chí.")
                set_help_text(field, _("Ý kiến của bên đồng chí (bắt buộc)."))
            elif self.own_fields:
                set_help_text(
                    field,
                    _(
                        "Tóm tắt ý kiến bên kia nếu có; bên đó sẽ được đề nghị tự "
                        "ghi ý kiến."
                    ),
                )

    def clean(self):
        data = super().clean()
        if not (data.get("sender_position") or data.get("recipient_position")):
            raise forms.ValidationError(_("Xin ghi ý kiến của bên đồng chí."))
        return data


class PositionForm(VersionedForm):
    position = TextField(
        label=_("Ý kiến của bên đồng chí"),
        max_length=POSITION_MAX,
        rows=5,
        error_messages={"required": _("Xin ghi ý kiến của bên đồng chí.")},
    )


class DirectionForm(VersionedForm):
    text = TextField(
        label=_("Ý kiến chỉ đạo"),
        max_length=POSITION_MAX,
        rows=5,
        error_messages={"required": _("Xin nhập ý kiến chỉ đạo.")},
    )
    proceed_reason = TextField(
        label=_("Lý do cho ý kiến chỉ đạo khi chưa đủ ý kiến hai bên"),
        required=False,
        max_length=COMMENT_MAX,
        rows=2,
        help_text=_(
            "Chỉ ghi khi một bên chưa tự ghi ý kiến của mình mà vẫn cần chỉ đạo ngay."
        ),
    )

    def notes(self) -> list[str]:
        if self.recipient is None:
            return []
        missing = sides_without_own_position(self.recipient)
        if not missing:
            return []
        notes = [
            _("Chưa có ý kiến do chính bên này ghi: %(sides)s.")
            % {"sides": ", ".join(missing)}
        ]
        if joint_report_required(self.recipient.request):
            notes.append(
                _(
                    "Theo quy chế, hai bên cùng báo cáo: chỉ cho ý kiến chỉ đạo khi đã "
                    "có ý kiến của cả hai bên, hoặc ghi rõ lý do bên dưới."
                )
            )
        return notes
