"""The privacy notice says only what the code does (issue 21, item 13; issue 14).

Each promise on /privacy/ is backed here or by the test named beside it:

- unconfirmed sign-ups deleted after 14 days: `tests/portal/test_retention.py` and the
  beat entry below;
- set content for its members and own facilitator, nobody else, admins included: below,
  and `tests/cohorts/test_views.py` (other facilitators, curators, the admin);
- set content never in an email ("1 set action due Tue 8 Dec"), nobody named before
  both agree: `tests/digest/test_shared_inbox.py`, `tests/digest/test_sections_*.py`;
- erasing empties your issues and actions: `tests/personal_data/test_erasure.py`;
- co-ordinators see their round; a supporter sees who asked only once both accepted;
  mentoring notes for the pair only: `tests/careers/mentoring/test_views.py`;
- the task queue holds an email until delivered, or about a quarter of an hour: below;
- 360 feedback released once at close, as levels, from 3 answers; links hashed; outside
  raters' details deleted 90 days after close; daily caps:
  `tests/careers/test_feedback_privacy.py` and the figures below;
- reports count confirmed people by ended quarter, rounded to 5, with fewer than 5
  hidden across areas: `tests/insights/`.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from careers import services as careers_services
from cohorts import services as cohorts_services
from portal import services, tasks
from portal.digest.models import DigestDelivery
from portal.insights.suppression import ROUND_TO, THRESHOLD
from tests.cohorts.conftest import facilitator_person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(client) -> str:
    return " ".join(client.get(reverse("privacy")).content.decode().split())


def test_it_gives_the_retention_of_unconfirmed_sign_ups_that_the_daily_task_applies(notice):
    days = services.UNCONFIRMED_SIGNUP_DAYS
    promise = "never confirm your email address, your account and everything in it are deleted"
    assert f"{promise} after {days} days" in notice
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.tasks.delete_unconfirmed_signups" in tasks_scheduled


def test_it_says_what_a_set_records_and_who_can_read_it(notice):
    assert "the issue each presenter brings, the actions they agree" in notice
    assert "the notes they report back" in notice
    assert (
        "the set’s members, once they have accepted its ground rules, and the set’s own facilitator"
        in notice
    )
    assert "not the portal’s administrators" in notice
    assert "what is said in a set is not recorded" not in notice


def test_not_even_a_superuser_reads_a_sets_meetings(client, settings):
    """The notice's "admins included", tried: Sam, a superuser, is refused everywhere."""

    settings.DEMO_RELAX_STAFF_MFA = True
    member = PersonFactory()
    learning_set = cohorts_services.set_create(name="Set one", facilitator=facilitator_person())
    membership = cohorts_services.set_member_add(learning_set=learning_set, person=member)
    cohorts_services.agreement_accept(membership=membership)
    meeting = cohorts_services.meeting_create(
        learning_set=learning_set,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        presenters=[member],
    )
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("cohorts:set", args=[learning_set.pk])).status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_it_names_co_ordinators_and_when_a_supporter_sees_who_asked(notice):
    assert "co-ordinators of a matching round" in notice
    assert "only once both have accepted" in notice
    assert "not co-ordinators, and nobody else" in notice


def test_it_names_both_processors_and_says_the_queue_carries_whole_emails(notice):
    assert "our email provider" in notice
    assert "our task queue (Redis), which carries each email, body and all" in notice


def test_the_queue_keeps_an_email_only_until_delivered_or_about_a_quarter_of_an_hour(notice):
    assert "until we give up after trying for about a quarter of an hour" in notice
    waited = sum(tasks.retry_countdown(n) for n in range(tasks.EMAIL_MAX_RETRIES))
    assert 10 * 60 <= waited <= 20 * 60
    # Results are not kept in the broker, so a delivered email leaves nothing behind.
    assert settings.CELERY_TASK_IGNORE_RESULT


def test_it_describes_the_reports_as_the_insights_code_makes_them(notice):
    assert f"rounded to the nearest {ROUND_TO}" in notice
    assert f"fewer than {THRESHOLD} people is hidden" in notice
    assert "Only people who have confirmed their email address are counted" in notice
    assert "only once it has ended" in notice


def test_it_gives_the_360_rules_that_the_careers_code_applies(notice):
    """Each line is tried in tests/careers/test_feedback_privacy.py (released at close,
    three answers at least, hashed links, limits, 90 days); this checks the figures."""
    assert "if at least 3 did, one level per dimension" in notice
    assert careers_services.MIN_RATERS == 3
    assert "deleted 90 days after the request closes" in notice
    assert datetime.timedelta(days=90) == careers_services.RATER_DETAILS_KEPT
    assert "3 requests and 30 invitations a day" in notice
    assert (careers_services.MAX_ROUNDS_PER_DAY, careers_services.MAX_INVITATIONS_PER_DAY) == (
        3,
        30,
    )
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "careers.tasks.tidy_feedback_rounds" in tasks_scheduled


def test_the_portal_keeps_only_that_an_email_went_never_its_body(notice):
    assert "the portal keeps no copies of the emails it sends" in notice
    kept = {field.name for field in DigestDelivery._meta.get_fields()}
    assert "subject" in kept
    assert not kept & {"body", "html", "text", "message", "content"}
