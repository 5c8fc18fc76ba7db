"""Which period a date falls in, and whether a chosen weekday has come, in Europe/London.

Periods are computed from the local date, so a digest "for the week" is the same week
a reader in England sees on the calendar, across the clock changes.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from portal.digest.models import Frequency

# Fortnights count from a fixed Monday so that everyone's fortnight starts together
# and a period key never depends on when someone joined.
FORTNIGHT_EPOCH = datetime.date(2024, 1, 1)

DEFAULT_FREQUENCY = Frequency.WEEKLY
DEFAULT_DAY = 0


def local_now(now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(ZoneInfo(settings.DIGEST_TIME_ZONE))


@dataclass(frozen=True)
class Period:
    frequency: str
    key: str
    start: datetime.date
    end: datetime.date  # exclusive

    def due_days(self, today: datetime.date) -> list[int]:
        """The weekdays (0 is Monday) whose digest has come due by `today` this period.

        A digest is due on the chosen day or, if that day was missed (a person joins or
        changes their day, beat was down), the next morning a tick runs in the period.
        """
        if self.frequency == Frequency.MONTHLY:
            # The first such weekday of the month.
            return [
                d for d in range(7) if self.start + _days((d - self.start.weekday()) % 7) <= today
            ]
        offset = (today - self.start).days
        return [d for d in range(7) if d <= offset]

    @property
    def length(self) -> datetime.timedelta:
        return datetime.timedelta(days=(self.end - self.start).days)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def period_for(frequency: str, today: datetime.date) -> Period:
    if frequency == Frequency.WEEKLY:
        start = today - _days(today.weekday())
        return Period(frequency, f"W{start.isoformat()}", start, start + _days(7))
    if frequency == Frequency.FORTNIGHTLY:
        index = (today - FORTNIGHT_EPOCH).days // 14
        start = FORTNIGHT_EPOCH + _days(14 * index)
        return Period(frequency, f"F{start.isoformat()}", start, start + _days(14))
    if frequency == Frequency.MONTHLY:
        start = today.replace(day=1)
        end = (start + _days(32)).replace(day=1)
        return Period(frequency, f"M{start:%Y-%m}", start, end)
    raise ValueError(f"No periods for frequency {frequency!r}")


SENDING_FREQUENCIES = (Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY)


def periods_due(now: datetime.datetime) -> dict[str, tuple[Period, list[int]]]:
    """For each frequency: the current period and the weekdays now due. Empty before
    the morning send hour, so nobody's digest arrives in the night."""
    local = local_now(now)
    if local.hour < settings.DIGEST_SEND_HOUR:
        return {}
    today = local.date()
    result = {}
    for frequency in SENDING_FREQUENCIES:
        period = period_for(frequency, today)
        result[frequency] = (period, period.due_days(today))
    return result
