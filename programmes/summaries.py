"""Plain sentences about an offer's time, money and outcomes, built from its numbers.

People decide whether they can take part from these sentences, so they say the same
thing in the catalogue, on the offer page, in the comparison and in the feed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from programmes.models import Offer

AVERAGE_DAYS_IN_MONTH = Decimal("30.44")


def number(value: Decimal | int | float) -> str:
    """2 → "2", 2.50 → "2.5", 1200 → "1,200"."""
    value = Decimal(str(value)).normalize()
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value:,f}"


def money(value: Decimal) -> str:
    value = Decimal(value)
    if value == value.to_integral():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def plural(count: int | Decimal, singular: str, many: str | None = None) -> str:
    if count == 1:
        return singular
    if many:
        return many
    if singular.endswith(("s", "sh", "ch", "x")):
        return singular + "es"
    if singular.endswith("y") and singular[-2:-1] not in "aeiou":
        return singular[:-1] + "ies"
    return singular + "s"


def hours(value: Decimal | int) -> str:
    value = Decimal(str(value))
    if value < 1:
        minutes = int(value * 60)
        return f"{minutes} {plural(minutes, 'minute')}"
    return f"{number(value)} {plural(value, 'hour')}"


def session_length(value: Decimal) -> str:
    """An adjective for a session's length: "half-day", "full-day", "90-minute", "2-hour"."""
    value = Decimal(str(value))
    if Decimal("3") <= value <= Decimal("4"):
        return "half-day"
    if Decimal("6") <= value <= Decimal("8"):
        return "full-day"
    if value < 1 or (value < 2 and value != value.to_integral()):
        return f"{int(value * 60)}-minute"
    return f"{number(value)}-hour"


def duration(weeks: int) -> str:
    if weeks < 8:
        return f"over {weeks} {plural(weeks, 'week')}"
    months = round(Decimal(weeks * 7) / AVERAGE_DAYS_IN_MONTH)
    if months == 12:
        return "over a year"
    return f"over {months} months"


def hours_a_month(offer: Offer) -> float | None:
    """The time an offer asks for in an average month, which is how people and their
    practices plan: its total hours spread over the months it runs (one month at the
    least, and all of it in one month when no duration is given); without a total,
    its sessions spread the same way plus its self-study each week. None when it
    gives no time in numbers. `models.hours_a_month` is the same sum in SQL."""
    weeks_a_month = float(AVERAGE_DAYS_IN_MONTH) / 7
    months = max((offer.duration_weeks or 0) / weeks_a_month, 1.0)
    if offer.total_hours is not None:
        return offer.total_hours / months
    has_sessions = offer.session_count is not None and offer.session_hours is not None
    if not has_sessions and offer.self_study_hours_per_week is None:
        return None
    sessions = float(offer.session_count * offer.session_hours) if has_sessions else 0.0
    study = float(offer.self_study_hours_per_week or 0)
    return sessions / months + study * weeks_a_month


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def time_summary(offer: Offer) -> str:
    """For example "About 40 hours over 6 months: 6 half-day workshops and 2 hours of
    self-study a week." Empty when the curator has given no numbers."""
    details = []
    if offer.session_count:
        name = plural(offer.session_count, offer.session_name or "session")
        length = f"{session_length(offer.session_hours)} " if offer.session_hours else ""
        details.append(f"{offer.session_count} {length}{name}")
    elif offer.session_hours:
        details.append(f"{session_length(offer.session_hours)} {offer.session_name or 'session'}s")
    if offer.self_study_hours_per_week:
        details.append(f"{hours(offer.self_study_hours_per_week)} of self-study a week")
    over = duration(offer.duration_weeks) if offer.duration_weeks else ""

    if offer.total_hours:
        sentence = f"about {hours(offer.total_hours)}"
        if over:
            sentence += f" {over}"
        if details:
            sentence += ": " + " and ".join(details)
    elif details:
        sentence = " and ".join(details)
        if over:
            sentence += f", {over}"
    elif over:
        sentence = f"runs {over}"
    else:
        return ""
    return capitalise(sentence) + "."


def money_summary(offer: Offer) -> str:
    from programmes.models import Funding

    source = f" by {offer.funding_source}" if offer.funding_source else ""
    fee = offer.fee or Decimal("0")
    match offer.funding:
        case Funding.FREE:
            return "Free."
        case Funding.FULLY_FUNDED:
            if fee:
                return f"Fully funded{source}: the {money(fee)} fee is paid for you."
            return f"Fully funded{source}."
        case Funding.PART_FUNDED:
            return f"{money(fee)} fee, part-funded{source}." if fee else f"Part-funded{source}."
        case Funding.SELF_FUNDED:
            return f"{money(fee)}, paid by you or your employer." if fee else "Self-funded."
    return f"{money(fee)}; funding not stated yet." if fee else "Cost not stated yet."


def backfill_summary(offer: Offer) -> str:
    if offer.backfill_paid is None:
        return "Backfill not stated yet."
    if not offer.backfill_paid:
        return "No backfill paid."
    if offer.backfill_rate:
        return f"Backfill paid at {money(offer.backfill_rate)} an hour."
    return "Backfill paid."


def accreditation_summary(offer: Offer) -> str:
    parts = []
    if offer.cpd_hours:
        parts.append(f"{number(offer.cpd_hours)} CPD {plural(offer.cpd_hours, 'hour')}")
    if offer.academic_credits:
        credits = f"{offer.academic_credits} academic {plural(offer.academic_credits, 'credit')}"
        if offer.academic_level:
            credits += f" at level {offer.academic_level}"
        parts.append(credits)
    if not parts:
        return (
            f"Recognised by {offer.awarding_body}; no CPD hours or credits."
            if offer.awarding_body
            else "Not accredited."
        )
    sentence = " and ".join(parts)
    if offer.awarding_body:
        sentence += f", awarded by {offer.awarding_body}"
    return capitalise(sentence) + "."
