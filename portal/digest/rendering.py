"""Turning a built digest into an email: plain text and HTML with inline styles.

Mail programs ignore a `<style>` block, so every style must sit on its element. The
styles depend only on the template, never on a person's content, so the stylesheet is
inlined into the template once (when the template is first used, and again if its
source changes) rather than into each of 200,000 rendered messages: css-inline then
parses one template instead of every message, which was the largest cost per message.
For the same reason the stylesheet in `email.html` may use only type and class
selectors, which match the same elements in the template as in any message made from it.
"""

from __future__ import annotations

import functools
import re

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import engines
from django.template.backends.django import Template
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from portal.digest import tokens

HTML_TEMPLATE = "digest/email.html"
TEXT_TEMPLATE = "digest/email.txt"

_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
# Template tags, variables and comments are set aside while the HTML is parsed, so the
# parser neither escapes them ("{% if a > 0 %}") nor moves them about.
_DJANGO_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_PLACEHOLDER = re.compile(r"djangosyntax(\d+)x")


def inline_template_source(source: str) -> str:
    """The template's source with its stylesheet moved onto the elements."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match.group(0))
        return f"djangosyntax{len(held) - 1}x"

    inlined = _inliner.inline(_DJANGO_SYNTAX.sub(hold, source))
    return _PLACEHOLDER.sub(lambda match: held[int(match.group(1))], inlined)


@functools.lru_cache(maxsize=4)
def _inlined(source: str) -> Template:
    # Keyed by the source, so an edited template (in development) is inlined afresh.
    compiled = engines["django"].from_string(inline_template_source(source))
    compiled.template.name = HTML_TEMPLATE  # named as the file it came from, in errors too
    return compiled


def html_template() -> Template:
    return _inlined(get_template(HTML_TEMPLATE).template.source)


def absolute(path: str) -> str:
    return path if "://" in path else f"{settings.SITE_URL}{path}"


def _links(content) -> dict:
    return {
        "items": [(absolute(i.url), i) for i in content.items],
        "groups": [(g.heading, [(absolute(i.url), i) for i in g.items]) for g in content.groups],
        "see_all_url": absolute(content.see_all_url) if content.see_all_url else "",
        "more": content.total - len(content.items) if content.items else 0,
    }


def render_digest(digest, *, delivery=None) -> EmailMultiAlternatives:
    """The email for one digest; `delivery` (when sent) gives the "view in browser" link."""
    person = digest.person
    unsubscribe = tokens.unsubscribe_token(person.pk)
    context = {
        "person": person,
        "digest": digest,
        "subject": digest.subject,
        "sections": [
            {"title": section.title, "content": content, **_links(content)}
            for section, content in digest.sections
        ],
        "view_url": absolute(reverse("digest:view", args=[tokens.view_token(delivery.pk)]))
        if delivery
        else "",
        "unsubscribe_url": absolute(reverse("digest:unsubscribe", args=[unsubscribe])),
        "preferences_url": absolute(reverse("digest:preferences")),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    text = render_to_string(TEXT_TEMPLATE, context)
    html = html_template().render(context)
    one_click = absolute(reverse("digest:one_click", args=[unsubscribe]))
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" to the https
            # address; the mailto-less header is allowed and enough for it.
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
