"""The user's own reminder page: the e-mail choice per kind, the ladder in
force, and the reminders the user received."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import forms, services
from .models import Reminder, ReminderStage


def reminder_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = forms.PreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(
                user=user, email_kinds=set(form.cleaned_data["email_kinds"])
            )
            messages.success(request, _("Đã lưu lựa chọn nhận thư nhắc."))
            return redirect("coordination:reminder-preferences")
    else:
        form = forms.PreferencesForm(
            initial={"email_kinds": sorted(services.email_kinds(user))}
        )
    stages = ReminderStage.objects.filter(enabled=True).order_by("kind", "offset")
    received = (
        Reminder.objects.filter(user=user)
        .select_related("stage", "organization")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "coordination/reminders/preferences.html",
        {"form": form, "stages": stages, "received": received},
    )
