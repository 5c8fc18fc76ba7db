"""A post's Markdown, made safe HTML once when it is written (not on every page view):
the same nh3 allow-list as the catalogue (``programmes_tags.markdown``)."""

from __future__ import annotations

from programmes.templatetags.programmes_tags import markdown


def to_html(text: str) -> str:
    return str(markdown(text))


def refresh(rows: list) -> None:
    """Render again the bodies of rows whose text changed (erasure), in one update."""
    if not rows:
        return
    for row in rows:
        row.body_html = to_html(row.body)
    type(rows[0]).objects.bulk_update(rows, ["body_html"], batch_size=500)
