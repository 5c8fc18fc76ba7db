"""What happens to this app's rows when a person has their data erased (portal.personal_data)."""

from portal.personal_data.registry import eraser
from programmes.models import Application, SavedOffer


@eraser("programmes")
def erase_programmes(person) -> None:
    SavedOffer.objects.filter(person=person).delete()
    # Applications stay, tied only to the anonymous person, so intakes' fill rates
    # and offers' application counts still add up. They hold no free text; their
    # history rows lose any reason written against a change.
    Application.history.filter(person=person).update(history_change_reason=None)
