"""Django's admin autodiscovery imports ``coordination.admin``; each feature
registers its models in its own folder."""

from django.contrib import admin

from .assessments import admin as assessment_admin  # noqa: F401
from .calendar import admin as calendar_admin  # noqa: F401
from .exchanges import admin as exchange_admin  # noqa: F401
from .incidents import admin as incident_admin  # noqa: F401
from .notifications import admin as notification_admin  # noqa: F401
from .organizations import admin as organization_admin  # noqa: F401
from .reminders import admin as reminder_admin  # noqa: F401
from .requests import admin as request_admin  # noqa: F401
from .reviews import admin as review_admin  # noqa: F401
from .workdays import DayOffOverride


@admin.register(DayOffOverride)
class DayOffOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
