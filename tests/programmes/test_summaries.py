from decimal import Decimal

from programmes.models import Funding, Offer


def offer(**fields) -> Offer:
    """An unsaved offer: the sentences need no database."""
    return Offer(**fields)


def test_it_describes_time_as_one_plain_sentence():
    workshop = offer(
        total_hours=40,
        duration_weeks=26,
        session_count=6,
        session_hours=Decimal("3.5"),
        session_name="workshop",
        self_study_hours_per_week=Decimal("2"),
    )
    assert workshop.time_summary == (
        "About 40 hours over 6 months: 6 half-day workshops and 2 hours of self-study a week."
    )


def test_it_names_short_sessions_in_minutes_and_short_durations_in_weeks():
    coaching = offer(
        total_hours=6,
        duration_weeks=4,
        session_count=4,
        session_hours=Decimal("1.5"),
        session_name="coaching session",
    )
    assert coaching.time_summary == "About 6 hours over 4 weeks: 4 90-minute coaching sessions."


def test_it_says_nothing_about_time_when_no_numbers_are_given():
    assert offer().time_summary == ""


def test_it_describes_sessions_without_a_total():
    network = offer(
        session_count=1, session_hours=Decimal("7"), session_name="class", duration_weeks=52
    )
    assert network.time_summary == "1 full-day class, over a year."


def test_it_says_free_offers_are_free():
    assert offer(funding=Funding.FREE).money_summary == "Free."


def test_it_names_who_pays_for_a_funded_fee():
    funded = offer(fee=Decimal("1200"), funding=Funding.FULLY_FUNDED, funding_source="NHS England")
    assert funded.money_summary == "Fully funded by NHS England: the £1,200 fee is paid for you."


def test_it_flags_unstated_funding():
    assert offer(fee=Decimal("49.50")).money_summary == "£49.50; funding not stated yet."


def test_it_gives_the_backfill_rate():
    assert offer(backfill_paid=True, backfill_rate=Decimal("45")).backfill_summary == (
        "Backfill paid at £45 an hour."
    )
    assert offer(backfill_paid=False).backfill_summary == "No backfill paid."
    assert offer().backfill_summary == "Backfill not stated yet."


def test_it_describes_accreditation():
    masters = offer(
        cpd_hours=Decimal("20"),
        academic_credits=60,
        academic_level=7,
        awarding_body="University of Exeter",
    )
    assert masters.accreditation_summary == (
        "20 CPD hours and 60 academic credits at level 7, awarded by University of Exeter."
    )
    assert offer().accreditation_summary == "Not accredited."
