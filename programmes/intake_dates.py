"""The dates an offer stores from its intakes (`Offer.open_until`, `Offer.soonest_deadline`),
worked out again whenever its intakes change, and rolled on daily as deadlines pass."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from programmes.models import Intake, Offer, today


def _last_open_day(start: datetime.date, deadline: datetime.date | None) -> datetime.date:
    # As `IntakeQuerySet.not_closed`: open until the deadline, or with none, until the
    # day before the intake starts.
    return deadline or start - datetime.timedelta(days=1)


def refresh_ids(offer_ids: Iterable[int], on: datetime.date | None = None) -> int:
    """Work the stored dates out afresh for these offers: three queries, however many.

    The offers' rows are locked first, so two writers changing intakes of one offer at
    once (two people taking its last places) work it out one after the other, each from
    the intakes the other committed."""
    ids = sorted(set(offer_ids))
    if not ids:
        return 0
    with transaction.atomic():
        return _refresh(ids, on or today())


def _refresh(ids: list[int], day: datetime.date) -> int:
    locked = Offer.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    ids = list(locked.values_list("pk", flat=True))
    open_until: dict[int, datetime.date] = {}
    soonest: dict[int, datetime.date] = {}
    rows = Intake.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "start_date", "application_deadline", "places", "places_taken"
    )
    for offer_id, start, deadline, places, taken in rows.order_by():
        if places is None or places > taken:
            last = _last_open_day(start, deadline)
            open_until[offer_id] = max(last, open_until.get(offer_id, last))
        if deadline is not None and deadline >= day:
            soonest[offer_id] = min(deadline, soonest.get(offer_id, deadline))
    offers = [
        Offer(pk=pk, open_until=open_until.get(pk), soonest_deadline=soonest.get(pk)) for pk in ids
    ]
    # bulk_update leaves updated_at and the history alone: nothing a curator wrote changed.
    return Offer.objects.bulk_update(offers, ["open_until", "soonest_deadline"], batch_size=500)


def roll_on(on: datetime.date | None = None) -> int:
    """Offers whose stored soonest deadline has passed get the next one. Reads only the
    recorded state, so running it twice, or late, gives the same result."""
    day = on or today()
    stale = Offer.objects.filter(soonest_deadline__lt=day).values_list("pk", flat=True)
    count = 0
    for start in range(0, len(ids := list(stale)), 1000):
        count += refresh_ids(ids[start : start + 1000], day)
    return count
