"""Signed-in sessions end after a spell of inactivity and, at the latest, a fixed time
after signing in.

A small middleware rather than a package: the maintained ones do one limit for everyone,
and staff, who can open the admin and insights, get a shorter idle limit than members.
Django's own SESSION_COOKIE_AGE cannot do either: it counts from the last save.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "session_limits_signed_in_at"
LAST_SEEN_AT = "session_limits_last_seen_at"
# Saving the session on every request would be a database write per page; a minute's
# slack in the idle limit costs nothing.
TOUCH_EVERY_SECONDS = 60


def idle_limit(person) -> int:
    if person.is_staff or person.is_superuser:
        return settings.SESSION_IDLE_SECONDS_STAFF
    return settings.SESSION_IDLE_SECONDS_MEMBER


def _minutes(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _expiry_message(request: HttpRequest, now: float) -> str | None:
    """Why this session has ended, or None while it is still good."""
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    idle = idle_limit(request.user)
    if now - last_seen_at > idle:
        return f"You were signed out because you had not used the portal for {_minutes(idle)}."
    if now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
        limit = _minutes(settings.SESSION_ABSOLUTE_SECONDS)
        return f"You were signed out because you signed in more than {limit} ago."
    return None


def start_clocks(sender, request: HttpRequest, user, **kwargs) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def connect() -> None:
    user_logged_in.connect(start_clocks, dispatch_uid="portal.session_limits")


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        if request.user.is_authenticated:
            message = _expiry_message(request, now)
            if message:
                # Logging out flushes the session and makes request.user anonymous, so
                # the view answers as for anyone signed out: sign-in for private pages.
                logout(request)
                messages.info(request, f"{message} Sign in again to carry on.")
        response = self.get_response(request)
        if request.user.is_authenticated:
            session = request.session
            # Sessions from before these limits have no clocks: they start now.
            session.setdefault(SIGNED_IN_AT, now)
            if now - session.get(LAST_SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN_AT] = now
        return response
