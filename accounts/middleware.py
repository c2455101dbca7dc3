from django.conf import settings


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set itself: Content-Security-Policy and a
    no-store cache policy for pages behind login (shared office PCs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (cookie set by the
    language switch). The browser's Accept-Language is ignored on purpose: an
    office PC with an English browser still gets the Vietnamese UI."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so the
        # choice of one request never leaks into work done outside requests.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DatedMembershipMiddleware:
    """Once a day per session, apply the user's memberships that start or end
    by date (coordination.organizations.services), so access follows the calendar even when
    no periodic sweep runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from coordination.organizations.services import (
                sync_dated_memberships_for_session,
            )

            sync_dated_memberships_for_session(user=user, session=request.session)
        return self.get_response(request)
