"""What happens to this app's rows when a person has their data erased (portal.personal_data)."""

from portal.personal_data.registry import eraser
from programmes.models import Application, SavedOffer, TimeAgreement


@eraser("programmes")
def erase_programmes(person) -> None:
    SavedOffer.objects.filter(person=person).delete()
    # Applications stay, tied only to the anonymous person, so intakes' fill rates
    # and offers' application counts still add up. They hold no free text; their
    # history rows lose any reason written against a change.
    Application.history.filter(person=person).update(history_change_reason=None)
    # Her requests for protected time name her manager and carry the manager's note:
    # they exist only because she asked, so they go with her.
    TimeAgreement.objects.filter(application__person=person).delete()
    # Requests she was asked to agree belong to the colleague who asked; they keep
    # their state but no longer name her or keep her words.
    TimeAgreement.objects.addressed_to(person).update(
        manager=None, manager_name="Former member", manager_email="", note=""
    )
