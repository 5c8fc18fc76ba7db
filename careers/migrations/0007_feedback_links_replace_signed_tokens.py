"""Existing 360 rounds under the new rules.

Old links were signed payloads carrying the invitation's row id; nothing of them was
stored, so they cannot be turned into hashed tokens and simply stop working (the page
says the link is not valid and to use the most recent email). So that no rater is left
without a working link, every open invitation forgets its reminder: the daily reminder
(careers.tasks.send_due_reminders) then sends a new link once the invitation is a week
old. Open rounds get their frozen list of who was asked; rounds every rater has
already replied to are closed as of their last reply.
"""

from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def forward(apps, schema_editor):
    FeedbackRound = apps.get_model("careers", "FeedbackRound")
    Invitation = apps.get_model("careers", "Invitation")
    today = timezone.localdate()
    for feedback_round in FeedbackRound.objects.filter(closes_on__gte=today, closed_at=None):
        invitations = list(Invitation.objects.filter(round=feedback_round).order_by("pk"))
        if invitations and all(i.status != "invited" for i in invitations):
            last = Invitation.objects.filter(round=feedback_round).aggregate(
                last=Max("responded_at")
            )["last"]
            feedback_round.closed_at = last or timezone.now()
            feedback_round.save(update_fields=["closed_at"])
            continue
        feedback_round.asked = [
            {"name": i.name, "relationship": i.relationship} for i in invitations
        ]
        feedback_round.save(update_fields=["asked"])
        Invitation.objects.filter(round=feedback_round, status="invited").update(
            reminded_at=None
        )


class Migration(migrations.Migration):
    dependencies = [("careers", "0006_feedback_release_once_and_hashed_links")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
