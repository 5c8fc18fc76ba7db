"""A short-lived cache of the catalogue's rendered results, shared by every web node
through the project's cache (Redis in production).

The catalogue is read far more than it changes, and the same few lists (everything,
"for you", a popular filter) are asked for again and again. Each entry is keyed by
the filters, the page, the day (intake status changes at midnight) and a version
number that every write to the catalogue bumps, so a publish, an import or an
application shows at once; the timeout bounds anything else (an edit to reference
data, a change made outside the services).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

VERSION_KEY = "programmes:catalogue:version"


def seconds() -> int:
    """How long a rendered list is kept; 0 turns the cache off."""
    return getattr(settings, "PROGRAMMES_CATALOGUE_CACHE_SECONDS", 60)


def catalogue_changed() -> None:
    """Make every cached list stale. Call after any write the catalogue shows."""
    if not seconds():
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def key(*parts: str) -> str | None:
    if not seconds():
        return None
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"programmes:catalogue:{version}:{timezone.localdate():%Y%m%d}:{digest}"


def get(cache_key: str | None) -> dict | None:
    return cache.get(cache_key) if cache_key else None


def put(cache_key: str | None, entry: dict) -> None:
    if cache_key:
        cache.set(cache_key, entry, seconds())


# A whole page can be shared between people who are not signed in and have nothing
# waiting for them (no session, no flash message): their pages differ only in the
# content-security-policy nonce, which is put back on the way out.
NONCE_MARK = "__programmes_csp_nonce__"


def shareable(request: HttpRequest) -> bool:
    if request.user.is_authenticated:
        return False
    return not {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & set(request.COOKIES)


def page_get(cache_key: str | None, request: HttpRequest) -> HttpResponse | None:
    html = cache.get(f"{cache_key}:page") if cache_key else None
    if html is None:
        return None
    return HttpResponse(html.replace(NONCE_MARK, str(request.csp_nonce)))


def page_put(cache_key: str | None, request: HttpRequest, response: HttpResponse) -> None:
    if cache_key and response.status_code == 200:
        html = response.content.decode().replace(str(request.csp_nonce), NONCE_MARK)
        cache.set(f"{cache_key}:page", html, seconds())
