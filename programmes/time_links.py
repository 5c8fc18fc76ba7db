"""The signed, expiring link a manager follows to agree protected time (no account needed).

The link carries only the request's random `link_key`, signed with a timestamp under a
salt of its own: it cannot be edited, reveals no id, and stops working after
`LINK_DAYS` days or once a new request replaces the one it was sent for.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from portal.lib.refused import Refused

SALT = "programmes.time-agreement"
LINK_DAYS = 14


def token_for(link_key: str) -> str:
    return signing.dumps(link_key, salt=SALT)


def url_for(link_key: str) -> str:
    return settings.SITE_URL + reverse("programmes:time_link", args=[token_for(link_key)])


def expires_on(sent_at: datetime.datetime) -> datetime.date:
    return timezone.localtime(sent_at + datetime.timedelta(days=LINK_DAYS)).date()


def key_from(token: str) -> str:
    """The link key a token carries; Refused, in words for the manager, when it cannot be used."""
    try:
        key = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.SignatureExpired:
        raise Refused(
            f"This link has expired: links work for {LINK_DAYS} days. Ask the person who "
            "applied to send you a reminder, which carries a new link."
        ) from None
    except signing.BadSignature:
        raise Refused(
            "This link is not valid. Check you copied all of it, or use the link in the most "
            "recent email about this request."
        ) from None
    if not isinstance(key, str):
        raise Refused("This link is not valid. Use the link in the most recent email.")
    return key
