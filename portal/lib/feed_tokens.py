"""Private addresses for calendar feeds.

Calendar apps cannot sign in, so a feed's address is its key: long, random, one per
person (and thing), revocable, and regenerated rather than reused. Cohorts and the
plan each keep their own table of tokens; what a token looks like is decided here.
"""

import secrets

TOKEN_BYTES = 32  # 43 URL-safe characters: not guessable, short enough for a phone
MAX_LENGTH = 64


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: str) -> bool:
    """Cheap check before the database: a stranger's junk never costs a query."""
    return 20 <= len(token) <= MAX_LENGTH and all(c.isalnum() or c in "-_" for c in token)
