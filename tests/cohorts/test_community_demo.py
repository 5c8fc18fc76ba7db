"""The demo's communities: seeded through the services by seed_demo (cohorts' loader);
a second run changing nothing is tests/portal/test_seed_demo.py's check of every table."""

from io import StringIO

from django.core.management import call_command

from cohorts.communities.models import Community, Thread


def test_the_demo_has_three_communities_with_conversations(db, settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())
    devon = Community.objects.get(name="Practice nurses leading change in Devon")
    directors = Community.objects.get(name="New PCN clinical directors")
    cohort = Community.objects.get(cohort__name="Leading across the PCN, spring cohort")
    assert (devon.visibility, directors.visibility, cohort.visibility) == (
        "open",
        "restricted",
        "private",
    )
    assert Thread.objects.filter(community=devon).count() == 3
    assert Thread.objects.filter(community=cohort).exists()
    assert cohort.memberships.filter(person__email="nurse@example.org").exists()
