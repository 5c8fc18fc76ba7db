"""Template helpers for offers: Markdown descriptions, audiences and intake status tags."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

from programmes.models import Intake, IntakeStatus, Offer

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "h2", "h3", "h4", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
STATUS_COLOURS = {
    IntakeStatus.OPEN: "green",
    IntakeStatus.FULL: "orange",
    IntakeStatus.CLOSED: "grey",
}
AUDIENCE_NAMES_SHOWN = 4


@register.filter
def markdown(text: str) -> SafeString:
    """Curators' Markdown as HTML, with anything beyond simple formatting removed."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


@register.filter
def audience(offer: Offer) -> str:
    """Who an offer is for, from prefetched professions: "GPs, nurses and 3 more"."""
    return audience_sentence(offer, [p.plural for p in offer.professions.all()])


def audience_sentence(offer: Offer, names: list[str]) -> str:
    if offer.all_professions:
        return "Every profession"
    if not names:
        return "Not stated"
    if len(names) > AUDIENCE_NAMES_SHOWN:
        shown = names[:AUDIENCE_NAMES_SHOWN]
        sentence = f"{', '.join(shown)} and {len(names) - len(shown)} more"
    elif len(names) == 1:
        sentence = names[0]
    else:
        sentence = f"{', '.join(names[:-1])} and {names[-1]}"
    return sentence[:1].upper() + sentence[1:]


@register.inclusion_tag("programmes/includes/intake_status.html")
def intake_status(intake: Intake) -> dict:
    status = intake.status
    return {"status": status, "colour": STATUS_COLOURS[status]}


@register.filter
def first_intake(offer: Offer) -> Intake | None:
    """The soonest intake still to come, from the prefetched upcoming intakes."""
    intakes = offer.intakes.all()
    return intakes[0] if intakes else None
