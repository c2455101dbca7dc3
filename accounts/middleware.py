import ipaddress
import logging
from contextvars import ContextVar

from django.conf import settings

# --- The client's address ---------------------------------------------------------------

_client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address, the one rule for login throttling (django-axes'
    ``AXES_CLIENT_IP_CALLABLE``), the classified-download log and the security
    log. With ``PROXY_COUNT`` = N trusted reverse proxies in front, each
    appends the address it saw to X-Forwarded-For, so the client is the N-th
    entry from the right (entries further left are whatever the client sent
    and are ignored); without proxies, or when the header has fewer entries
    than that, REMOTE_ADDR. Invalid text never comes out: None instead."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            address = _valid_ip(forwarded[-count])
            if address:
                return address
    return _valid_ip(request.META.get("REMOTE_ADDR"))


class ClientAddressMiddleware:
    """Remembers ``client_ip(request)`` for the length of the request, so every
    security event (coordination.permissions, the admin guards) names the
    client, not the proxy (``ClientAddressFilter``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_address.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)


class ClientAddressFilter(logging.Filter):
    """On the "security" logger (config.settings.LOGGING): adds
    ``client=<address>`` to each event logged while a request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        address = _client_address.get()
        if address and not getattr(record, "client_ip", None):
            record.client_ip = address
            message = record.getMessage()
            record.msg, record.args = "%s client=%s", (message, address)
        return True


# --- Response headers -----------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set itself: Content-Security-Policy,
    Permissions-Policy (refuses the browser features the application does not
    use) and a no-store cache policy for pages behind login (shared office
    PCs). Placed before WhiteNoise, so static files get the first two too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
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
