"""Signed, opaque tokens for the links in a digest: they need no sign-in and no table.

A token carries one id, masked so that it cannot be read from the link (the mask is
an HMAC of a random nonce under SECRET_KEY, so the same id gives a different token
each time) and signed with a timestamp and a salt of its own: a view token can never
unsubscribe anyone, and no token can be edited, guessed or used after it expires.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.utils.encoding import force_bytes

UNSUBSCRIBE_SALT = "portal.digest.unsubscribe"
VIEW_SALT = "portal.digest.view"


class BadToken(Exception):
    """A token that was tampered with, is malformed or has expired."""


def _mask(nonce: bytes, salt: str) -> int:
    key = force_bytes(settings.SECRET_KEY) + force_bytes(salt)
    return int.from_bytes(hmac.new(key, nonce, hashlib.sha256).digest()[:8], "big")


def _hide(value: int, salt: str) -> str:
    nonce = secrets.token_bytes(6)
    masked = (value ^ _mask(nonce, salt)).to_bytes(8, "big")
    return base64.urlsafe_b64encode(nonce + masked).decode().rstrip("=")


def _reveal(text: str, salt: str) -> int:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 14:
        raise ValueError("wrong length")
    nonce, masked = raw[:6], raw[6:]
    return int.from_bytes(masked, "big") ^ _mask(nonce, salt)


def unsubscribe_token(person_id: int) -> str:
    return signing.dumps(_hide(person_id, UNSUBSCRIBE_SALT), salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int:
    return _read(token, UNSUBSCRIBE_SALT, settings.DIGEST_UNSUBSCRIBE_MAX_AGE)


def view_token(delivery_id: int) -> str:
    return signing.dumps(_hide(delivery_id, VIEW_SALT), salt=VIEW_SALT)


def read_view_token(token: str) -> int:
    return _read(token, VIEW_SALT, settings.DIGEST_VIEW_MAX_AGE)


def _read(token: str, salt: str, max_age: int) -> int:
    try:
        hidden = signing.loads(token, salt=salt, max_age=max_age)
        if not isinstance(hidden, str):
            raise BadToken("not a masked id")
        return _reveal(hidden, salt)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as exc:
        raise BadToken(str(exc)) from exc
