"""The outgoing register and the archive in the admin: read-only. Numbers are
taken and cancelled, documents archived, only through ``reports.register``
and ``reports.services`` (who acts, locks, notices); an archived document is
never changed or deleted."""

from django.contrib import admin

from coordination.admin_access import ReadOnlyAdmin

from .models import ArchivedDocument, RegisterCounter, RegisterEntry


@admin.register(ArchivedDocument)
class ArchivedDocumentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["filename", "draft", "version", "sha256", "size", "created_at"]
    list_select_related = ["draft", "draft__round"]
    # The bytes are not loaded or shown here: the archive page serves them.
    exclude = ["content"]
    readonly_fields = [
        "draft",
        "version",
        "sha256",
        "size",
        "filename",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")


@admin.register(RegisterEntry)
class RegisterEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["symbol", "organization", "date", "subject", "status"]
    list_filter = ["type_code", "year", "status"]
    list_select_related = ["organization"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["organization", "type_code", "year", "last_number"]
    list_select_related = ["organization"]
