"""Twelve weeks of digest history for the invented crowd (digests.toml).

History is written in bulk, as the digest sender records it: sending 2,000 past
digests through the mail path would only fill ``var/mail/``. Each run fills in any of
the last twelve weeks that has no history yet, so an old demo database keeps a full
chart; on the same day a second run finds every week there and writes nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from portal import demo
from portal.demo.crowd import crowd, rng
from portal.digest import selectors, services
from portal.digest.insights import months, weeks
from portal.digest.models import Frequency
from portal.digest.periods import period_for

SEND_HOUR = 7


def _readers(people: list, spec: dict) -> dict[int, int]:
    """Person id -> the first of the twelve weeks (0 to 11) they were sent a digest."""
    choose = rng("digest readers")
    first, last = spec["share_first_week"], spec["share_last_week"]
    since = {}
    for person in people:
        draw = choose.random()
        if draw < first:
            since[person.pk] = 0
        elif draw < last:
            # Newer readers joined evenly over the weeks.
            since[person.pk] = 1 + int((draw - first) / (last - first) * 11)
    return since


def _seed_deliveries(spec: dict, zone: ZoneInfo, report: demo.Report) -> None:
    now = timezone.now()
    mondays = weeks(now.astimezone(zone).date())
    keys = {period_for(Frequency.WEEKLY, monday).key: monday for monday in mondays}
    people = list(crowd().order_by("email"))
    done = selectors.periods_recorded(people, list(keys))
    readers = _readers(people, spec)
    gone = selectors.unsubscribed_at(people)
    rows = []
    for number, (key, monday) in enumerate(keys.items()):
        if key in done:
            continue
        sent_at = min(now, datetime.datetime.combine(monday, datetime.time(SEND_HOUR), zone))
        for person in people:
            start = readers.get(person.pk)
            if start is None or start > number or gone.get(person.pk, now) < sent_at:
                continue
            rows.append(services.PastDelivery(person=person, period=key, sent_at=sent_at))
    created = services.digest_history_record(rows)
    report.add("digest deliveries (history)", created=created, found=len(done))


def _seed_unsubscribes(spec: dict, zone: ZoneInfo, report: demo.Report) -> None:
    area = crowd().filter(organisation__icb__ods_code__in=spec["icbs"])
    if selectors.unsubscribed_at(crowd()):
        report.note("digest unsubscribes (history)")
        return
    now = timezone.now()
    choose = rng("unsubscribes")
    candidates = list(area.order_by("email"))
    choose.shuffle(candidates)
    changed = {}
    for first, count in zip(months(now.astimezone(zone).date()), spec["per_month"], strict=True):
        start = datetime.datetime.combine(first, datetime.time(12), zone)
        days = max(0, min(27, (now - start).days))
        for _ in range(count):
            # Someone who joined after the month could not have left in it.
            person = next(p for p in candidates if p.date_joined < start and p not in changed)
            moment = start + datetime.timedelta(days=choose.randint(0, days))
            changed[person] = min(moment, now)
    for person, moment in changed.items():
        services.digest_unsubscribe(person=person, at=moment)
    report.add("digest unsubscribes (history)", created=len(changed))


def seed(report: demo.Report) -> None:
    spec = demo.read_toml(__file__, "digests.toml")
    zone = ZoneInfo(settings.DIGEST_TIME_ZONE)
    _seed_unsubscribes(spec["unsubscribed"], zone, report)
    _seed_deliveries(spec["reach"], zone, report)
