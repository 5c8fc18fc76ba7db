"""What happens to this app's rows when a person has their data erased (portal.personal_data).

Cohort memberships, attendance, topic votes and meeting attendance stay, tied only to
the anonymous person, so attendance totals, a set's meeting counts and topic rankings
still add up. Their words go: join requests (to cohorts and to sets), the issues they
brought to their set and the actions they committed to; and their private calendar
addresses stop working.
"""

from django.utils import timezone

from cohorts.models import (
    Action,
    CalendarFeed,
    JoinRequest,
    Presentation,
    SetJoinRequest,
    SetMembership,
    Topic,
)
from portal.personal_data.registry import eraser


@eraser("cohorts")
def erase_cohorts(person) -> None:
    JoinRequest.objects.filter(person=person).delete()
    SetJoinRequest.objects.filter(person=person).delete()
    CalendarFeed.objects.filter(person=person).delete()
    # The cohort voted on the topic: its title stays, unattributed; their reasons go.
    Topic.objects.filter(proposed_by=person).update(proposed_by=None, why="")

    presentations = Presentation.objects.filter(presenter=person)
    # A turn not yet taken goes with them; turns taken stay as empty rows, so the
    # set's record of who presented when still counts.
    presentations.filter(meeting__starts_at__gt=timezone.now()).delete()
    Action.objects.filter(presentation__presenter=person).update(description="", note="")
    presentations.update(issue="")

    # Leaving the set frees their seat (a set holds at most eight) and takes them out
    # of the presenter rotation; their attendance at past meetings stays.
    SetMembership.objects.filter(person=person).delete()
