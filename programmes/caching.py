"""A short-lived cache of the catalogue's rendered results, shared by every web node
through the project's cache (Redis in production).

The catalogue is read far more than it changes, and the same few lists (everything,
"for you", a popular filter) are asked for again and again. Each entry is keyed by
the filters, the page, the day (intake status changes at midnight) and a version
number that every write to the catalogue bumps, so a publish, an import or an
application shows at once; the timeout bounds anything else (an edit to reference
data, a change made outside the services).

When an entry goes stale (its time is up, the version moved on, or the day changed)
one request wins a short lock and draws the list afresh while everyone else asking
for it meanwhile is given the previous copy. Without that guard every request that
arrives during the redraw goes down the slow path at once (a "stampede"), and under
load the slowest one per cent of requests took well over a second.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from programmes.forms import Reference

VERSION_KEY = "programmes:catalogue:version"
# A stale copy is kept this much longer than its time, to hand out during a redraw.
STALE_SECONDS = 300
# How long the request redrawing an entry holds it before someone else may try.
REDRAW_LOCK_SECONDS = 10
# The filters' reference data (professions, ICBs...) changes a few times a year.
REFERENCE_SECONDS = 300


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


@dataclass(frozen=True)
class Key:
    name: str
    # The catalogue version and the day: an entry made under another stamp is stale.
    stamp: str


def key(*parts: str) -> Key | None:
    if not seconds():
        return None
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return Key(f"programmes:catalogue:{digest}", f"{version}:{timezone.localdate():%Y%m%d}")


def _read(cache_key: Key, suffix: str) -> Any:
    """The value if fresh; if stale, the previous copy unless this request should redraw
    it (then None, as for a value never drawn)."""
    held = cache.get(cache_key.name + suffix)
    if held is None:
        return None
    if held["stamp"] == cache_key.stamp and held["until"] > time.time():
        return held["value"]
    if cache.add(f"{cache_key.name}{suffix}:redraw", 1, REDRAW_LOCK_SECONDS):
        return None
    return held["value"]


def _write(cache_key: Key, suffix: str, value: Any) -> None:
    held = {"stamp": cache_key.stamp, "until": time.time() + seconds(), "value": value}
    cache.set(cache_key.name + suffix, held, seconds() + STALE_SECONDS)
    cache.delete(f"{cache_key.name}{suffix}:redraw")


def get(cache_key: Key | None) -> dict | None:
    return _read(cache_key, "") if cache_key else None


def put(cache_key: Key | None, entry: dict) -> None:
    if cache_key:
        _write(cache_key, "", entry)


_reference: tuple[float, Reference] | None = None


def reference() -> Reference:
    """The filters' reference data, loaded once every few minutes rather than in four
    queries a request (whether or not the lists are cached).

    Each process keeps its own copy: fetched from a shared cache it would be unpickled
    on every request, some 70 model instances, which cost more than the page's queries.
    """
    global _reference
    now = time.monotonic()
    if _reference is None or _reference[0] < now:
        _reference = (now + REFERENCE_SECONDS, Reference.load())
    return _reference[1]


def forget_reference() -> None:
    """Drop this process's copy (tests that change professions or ICBs)."""
    global _reference
    _reference = None


# A whole page can be shared between people who are not signed in and have nothing
# waiting for them (no session, no flash message): their pages differ only in the
# content-security-policy nonce, which is put back on the way out.
NONCE_MARK = "__programmes_csp_nonce__"


def shareable(request: HttpRequest) -> bool:
    if request.user.is_authenticated:
        return False
    return not {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name} & set(request.COOKIES)


def page_get(cache_key: Key | None, request: HttpRequest) -> HttpResponse | None:
    html = _read(cache_key, ":page") if cache_key else None
    if html is None:
        return None
    return HttpResponse(html.replace(NONCE_MARK, str(request.csp_nonce)))


def page_put(cache_key: Key | None, request: HttpRequest, response: HttpResponse) -> None:
    if cache_key and response.status_code == 200:
        html = response.content.decode().replace(str(request.csp_nonce), NONCE_MARK)
        _write(cache_key, ":page", html)
