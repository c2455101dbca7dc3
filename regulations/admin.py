from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from coordination.admin_access import RevertGuardAdmin

from . import services
from .models import Area, Provision, Regulation, Responsibility, Side


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "order"]
    search_fields = ["name", "short_name", "code"]
    ordering = ["order"]


def _draft(regulation: Regulation | None) -> bool:
    """Parts of a version (sides, provisions, duties) change only while it is
    a draft; a version in force or superseded is read-only forever."""
    return regulation is None or regulation.is_editable


class SideInline(admin.TabularInline):
    """Sides are edited in draft versions only."""

    model = Side
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Regulation)
class RegulationAdmin(RevertGuardAdmin, SimpleHistoryAdmin):
    list_display = [
        "title_short",
        "code",
        "version",
        "level",
        "status",
        "decision_number",
    ]
    list_filter = ["level", "status", "code"]
    search_fields = ["title", "code", "decision_number", "issuing_body"]
    readonly_fields = ["status", "source_hash", "loaded_from_data", "created_at"]
    # A version once issued keeps its identity and its decision; its status
    # changes only through the approval (services.approve_version).
    issued_readonly_fields = [
        "code",
        "version",
        "supersedes",
        *services.IMPORTED_FIELDS,
    ]
    inlines = [SideInline]

    def _issued(self, obj: Regulation | None) -> bool:
        """Judged by the version as it is now: simple-history's history form
        passes a past row, which may still say "draft"."""
        if obj is None or obj.pk is None:
            return False
        return not obj.is_editable or not (
            Regulation.objects.filter(
                pk=obj.pk, status=Regulation.Status.DRAFT
            ).exists()
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._issued(obj):
            fields += [f for f in self.issued_readonly_fields if f not in fields]
        return fields

    def has_revert_permission(self, request, obj) -> bool:
        """A revert brings back every field of the past row, its status
        included: never for an issued version."""
        return not self._issued(obj) and super().has_revert_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """An issued version is never deleted (requests cite its provisions;
        the next version supersedes it)."""
        if obj is not None and self._issued(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("tên quy chế"), ordering="title")
    def title_short(self, obj: Regulation) -> str:
        return obj.title[:80]


@admin.register(Side)
class SideAdmin(RevertGuardAdmin, SimpleHistoryAdmin):
    """Sides of a version in force or superseded are read-only; a new side
    goes only to a draft, and a side stays in its version."""

    list_display = ["name", "role", "code", "regulation"]
    list_filter = ["role", "regulation__code"]
    search_fields = ["name", "code"]
    list_select_related = ["regulation"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "regulation" not in fields:
            fields.append("regulation")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "regulation":
            kwargs["queryset"] = Regulation.objects.filter(
                status=Regulation.Status.DRAFT
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        regulation = obj.regulation if obj is not None else None
        return _draft(regulation) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        regulation = obj.regulation if obj is not None else None
        return _draft(regulation) and super().has_delete_permission(request, obj)


class ResponsibilityInline(admin.TabularInline):
    """Duties are edited in draft versions only."""

    model = Responsibility
    extra = 0

    def _draft(self, obj) -> bool:
        return obj is not None and obj.regulation.is_editable

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Provision)
class ProvisionAdmin(RevertGuardAdmin, SimpleHistoryAdmin):
    """The text of a version in force or superseded is read-only and never
    deleted; a draft's provisions are edited through the service."""

    list_display = ["ref", "kind", "label", "title", "regulation"]
    list_filter = [
        "kind",
        "regulation__code",
        "regulation__version",
        "regulation__status",
    ]
    search_fields = ["ref", "label", "title", "text", "search_text"]
    list_select_related = ["regulation"]
    fields = ["regulation", "parent", "ref", "kind", "label", "title", "text", "order"]
    readonly_fields = ["regulation", "parent", "ref", "kind", "order"]
    inlines = [ResponsibilityInline]

    def has_add_permission(self, request):
        return False  # provisions come from an imported text or a new version

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.regulation.is_editable:
            return self.fields  # a version once issued never changes
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        regulation = obj.regulation if obj is not None else None
        return _draft(regulation) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        regulation = obj.regulation if obj is not None else None
        return _draft(regulation) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.edit_provision(
            provision=obj,
            by=request.user,
            label=obj.label,
            title=obj.title,
            text=obj.text,
        )


class ResponsibilityAdminForm(forms.ModelForm):
    class Meta:
        model = Responsibility
        fields = ["provision", "side", "mode", "area", "cadence"]

    def clean(self):
        data = super().clean()
        provision, side = data.get("provision"), data.get("side")
        if provision is not None and not provision.regulation.is_editable:
            raise forms.ValidationError(
                _(
                    "Điều khoản này thuộc phiên bản đã ban hành; chỉ gán trách nhiệm "
                    "trong bản dự thảo."
                )
            )
        if (
            provision is not None
            and side is not None
            and side.regulation_id != provision.regulation_id
        ):
            raise forms.ValidationError(
                _("Bên phải thuộc cùng phiên bản quy chế với điều khoản.")
            )
        return data


@admin.register(Responsibility)
class ResponsibilityAdmin(RevertGuardAdmin, SimpleHistoryAdmin):
    """Duties of a version in force or superseded are read-only."""

    form = ResponsibilityAdminForm

    list_display = ["provision", "side", "mode", "area", "cadence"]
    list_filter = [
        "mode",
        "cadence",
        "area",
        "side__role",
        "provision__regulation__code",
    ]
    search_fields = ["provision__ref", "provision__text", "side__name"]
    list_select_related = ["provision", "side", "area"]
    raw_id_fields = ["provision"]

    def _draft(self, obj) -> bool:
        return obj is None or obj.provision.regulation.is_editable

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)
