"""What happens to this app's rows when a person has their data erased (portal.personal_data)."""

from django.db.models import Q
from django.utils import timezone

from careers.models import (
    Activity,
    Assessment,
    FeedbackLink,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    RoleInterest,
)
from portal.personal_data.erasure import ERASED_DOMAIN, FORMER_MEMBER, person_emails
from portal.personal_data.registry import eraser


@eraser("careers")
def erase_careers(person) -> None:
    # Only theirs: the log, self-assessments, 360 requests with every rater's answers.
    Activity.objects.filter(person=person).delete()
    Assessment.objects.filter(person=person).delete()
    FeedbackRound.objects.filter(person=person).delete()
    RoleInterest.objects.filter(person=person).delete()
    _forget_as_rater(person)


def _forget_as_rater(person) -> None:
    """Answers they gave someone else stay as anonymous numbers in that person's results.

    The invitation was written to their address (the requester typed it, with their
    name): both go. An unanswered invitation is closed as declined, so no reminder
    goes out and the requester sees it will not be answered.
    """
    addressed_to_them = Q()
    for email in person_emails(person):
        addressed_to_them |= Q(email__iexact=email)
    invitations = list(Invitation.objects.filter(addressed_to_them))
    now = timezone.now()
    for invitation in invitations:
        # Unique within a round, like the address it replaces.
        invitation.email = f"rater-{invitation.pk}@{ERASED_DOMAIN}"
        invitation.name = FORMER_MEMBER
        if invitation.status == InvitationStatus.INVITED:
            invitation.status = InvitationStatus.DECLINED
            invitation.responded_at = now
    Invitation.objects.bulk_update(invitations, ["email", "name", "status", "responded_at"])
    # Links were emailed to their address; an erased rater answers nothing more.
    FeedbackLink.objects.filter(invitation__in=invitations).delete()
