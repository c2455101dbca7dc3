from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ReadOnlyAdmin, ReadOnlyObjectPermissionsAdmin
from . import services
from .models import (
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    Term,
)
from .selectors import FOCAL_POINT_KINDS

# Police and cell-side organisations each need a focal point (ward Điều 12.1,
# province Điều 8.1); the changelist warns about those without one.
WARNING_LIST_LIMIT = 20


def organizations_without_focal_point():
    """Active police and cell-side organisations with no current focal point."""
    current = Membership.objects.current().filter(is_focal_point=True)
    return (
        Organization.objects.filter(is_active=True, kind__in=FOCAL_POINT_KINDS)
        .exclude(pk__in=current.values("organization_id"))
        .order_by("name")
    )


class FocalPointFilter(admin.SimpleListFilter):
    title = _("đầu mối")
    parameter_name = "dau_moi"

    def lookups(self, request, model_admin):
        return [("co", _("Đã có đầu mối")), ("chua", _("Chưa có đầu mối"))]

    def queryset(self, request, queryset):
        if self.value() in ("co", "chua"):
            missing = self.value() == "chua"
            return queryset.filter(focal_point_name__isnull=missing)
        return queryset


@admin.register(Organization)
class OrganizationAdmin(
    ReadOnlyObjectPermissionsAdmin, SimpleHistoryAdmin, GuardedModelAdmin
):
    list_display = [
        "name",
        "short_name",
        "kind",
        "parent",
        "is_active",
        "current_focal_point",
    ]
    list_filter = ["kind", "is_active", FocalPointFilter]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def get_queryset(self, request):
        focal = (
            Membership.objects.current()
            .filter(organization=OuterRef("pk"), is_focal_point=True)
            .order_by("-start_date")
            .annotate(
                person=Coalesce(
                    NullIf(F("user__full_name"), Value("")), F("user__username")
                )
            )
            .values("person")[:1]
        )
        return super().get_queryset(request).annotate(focal_point_name=Subquery(focal))

    @admin.display(description=_("đầu mối hiện nay"), ordering="focal_point_name")
    def current_focal_point(self, obj):
        return getattr(obj, "focal_point_name", None) or gettext("— chưa có —")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if (
            request.method == "GET"
            and IS_POPUP_VAR not in request.GET
            and isinstance(response, TemplateResponse)
        ):
            self._warn_missing_focal_points(request)
        return response

    def _warn_missing_focal_points(self, request) -> None:
        """One warning naming the active police and cell-side organisations
        with no focal point in office (the first few, and how many in all)."""
        without = organizations_without_focal_point()
        names = list(without.values_list("name", flat=True)[: WARNING_LIST_LIMIT + 1])
        if not names:
            return
        total = len(names) if len(names) <= WARNING_LIST_LIMIT else without.count()
        listed = ", ".join(names[:WARNING_LIST_LIMIT])
        if total > WARNING_LIST_LIMIT:
            listed = gettext("%(names)s và %(more)s tổ chức khác") % {
                "names": listed,
                "more": total - WARNING_LIST_LIMIT,
            }
        messages.warning(
            request,
            gettext(
                "%(count)s tổ chức đang hoạt động chưa có đầu mối (Điều 12.1 quy chế "
                "cấp phường, Điều 8.1 cấp tỉnh): %(names)s. Lọc “Chưa có đầu mối” "
                "để xem đủ danh sách."
            )
            % {"count": total, "names": listed},
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.update_organization(organization=obj, by=request.user)
            return
        created = services.create_organization(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            email=obj.email,
        )
        obj.pk, obj.group_id = created.pk, created.group_id


class MembershipAdminForm(forms.ModelForm):
    """Refuses a focal point whose dates overlap another focal point of the
    same organisation, with the service's Vietnamese message."""

    class Meta:
        model = Membership
        fields = [
            "user",
            "organization",
            "position",
            "is_focal_point",
            "government_post",
            "start_date",
            "end_date",
            "note",
        ]

    def clean(self):
        cleaned = super().clean()
        candidate = Membership(
            pk=self.instance.pk,
            organization=cleaned.get("organization"),
            is_focal_point=bool(cleaned.get("is_focal_point")),
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
        )
        if candidate.organization is not None and candidate.start_date is not None:
            try:
                services.check_focal_point_overlap(candidate)
            except ValidationError as error:
                # On the field: the model's constraint check then skips the
                # one-open-focal-point constraint, whose vaguer message would
                # only repeat this one.
                self.add_error("is_focal_point", error)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipAdminForm
    list_display = [
        "user",
        "organization",
        "position",
        "is_focal_point",
        "government_post",
        "start_date",
        "end_date",
    ]
    list_filter = ["position", "is_focal_point", "organization__kind"]
    search_fields = [
        "user__username",
        "user__full_name",
        "organization__name",
        "government_post",
    ]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        old_user_id = (
            Membership.objects.filter(pk=obj.pk)
            .values_list("user_id", flat=True)
            .first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        # Whatever changed, the user's groups (and so their access) follow now.
        services.membership_saved(membership=obj, old_user_id=old_user_id)

    def has_delete_permission(self, request, obj=None):
        return False  # end a membership instead: history is kept


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "start_year", "end_year", "name"]
    list_filter = ["start_year", "end_year", "organization__kind"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(OrganizationGroupObjectPermission)
class OrganizationGroupObjectPermissionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who may see which organisation (its own group, its ward's standing
    committee and office): kept by the services when an organisation is
    created or moved (services.create_organization, sync_ward_grants),
    read-only here."""

    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object"]
    search_fields = ["group__name", "content_object__name"]


@admin.register(OrganizationUserObjectPermission)
class OrganizationUserObjectPermissionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Grants to single users: the services make none (access goes through
    the organisations' groups); read-only here."""

    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
    search_fields = ["user__username", "content_object__name"]
