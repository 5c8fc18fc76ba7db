"""Keep secret link tokens out of log lines.

Some routes carry a secret in their path: a 360 rater's link
(``/feedback/<token>/``), a digest's "view in browser" and unsubscribe links
(``/digest/…/<token>/``). Anyone who reads a log line with such a path can answer
as the rater or read the digest, and logs are kept for weeks. Every route whose URL
pattern has an argument named ``token`` is found from the URLconf (nothing to keep
in step by hand) and its path is written as the route's name instead:
``"GET /feedback/kq…Zs/ HTTP/1.1" 200`` becomes ``"GET [careers:feedback_answer] HTTP/1.1" 200``.

Two places write request paths to logs, and both are covered:
- Django's own loggers (runserver's ``django.server`` lines, ``django.request``'s
  "Not Found: /path" warnings) through ``TokenPathFilter`` on the console handler
  (portal/settings.py LOGGING);
- gunicorn's access log, when switched on, through ``GunicornLogger``
  (``gunicorn.conf.py`` at the project root sets it as gunicorn's logger class).
"""

from __future__ import annotations

import logging
import re

from django.apps import apps
from django.urls import Resolver404, resolve

# A path, optionally after a scheme and host; stops at a query string, quotes or space.
_PATH = re.compile(r"(?P<origin>https?://[^/\s\"'<>]+)?(?P<path>/[^\s\"'?#<>]*)")


def redact(text: str) -> str:
    """``text`` with the path of every token route replaced by the route's name."""
    if "/" not in text or not apps.ready:
        return text
    return _PATH.sub(_named, text)


def _named(match: re.Match) -> str:
    try:
        found = resolve(match["path"])
    except Resolver404:
        return match[0]
    if "token" not in found.kwargs:
        return match[0]
    return f"{match['origin'] or ''}[{found.view_name}]"


class TokenPathFilter(logging.Filter):
    """Rewrites a record's message so that no token path reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a production dependency; tests may run without it
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger with token paths redacted from every access-log atom
        (the request line, the path and the Referer a token page's assets send)."""

        def atoms(self, resp, req, environ, request_time) -> dict:
            atoms = super().atoms(resp, req, environ, request_time)
            return {
                key: redact(value) if isinstance(value, str) else value
                for key, value in atoms.items()
            }
