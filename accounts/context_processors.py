from django.conf import settings

from .roles import Role, get_roles


def roles(request):
    user = getattr(request, "user", None)
    lockout_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"Role": Role, "lockout_minutes": lockout_minutes, "user_roles": set()}
    if user is not None and user.is_authenticated:
        context["user_roles"] = get_roles(user)
    return context
