"""The admin shows a curator her own hub's open and restricted communities, never a
private one (unless she hosts it), and nothing of another hub's."""

from django.contrib.auth.models import Group
from django.urls import reverse


def _curator(person):
    person.groups.add(Group.objects.get(name="Training-hub curators"))
    return person


def test_a_curator_of_another_hub_sees_nothing_of_a_private_community(
    client, settings, private_community, open_community, other_hub_staff
):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(_curator(other_hub_staff))
    listing = client.get(reverse("admin:cohorts_community_changelist")).content.decode()
    assert private_community.name not in listing
    assert open_community.name not in listing
    change = reverse("admin:cohorts_community_change", args=[private_community.pk])
    assert client.get(change).status_code == 302


def test_a_curator_of_its_own_hub_sees_the_open_community_but_not_the_private_one(
    client, settings, private_community, open_community, hub_staff
):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(_curator(hub_staff))
    listing = client.get(reverse("admin:cohorts_community_changelist")).content.decode()
    assert open_community.name in listing
    assert private_community.name not in listing
