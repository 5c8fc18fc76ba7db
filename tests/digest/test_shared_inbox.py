"""Every email and every digest section is safe to land in a shared practice inbox.

Practice inboxes are often read by several colleagues. Rhian (a nurse) takes part in
everything: a cohort and its action learning set (with an action falling due), a
mentoring match each way, a 360 request from a colleague, her own 360 round, saved
offers, new offers and roles; Paddy, her practice manager, reads the team edition. The
people around them have names nobody would miss, and what they said in sets and
mentoring is full of things that must stay there.

Each email is made the way the portal makes it, and nothing below may appear in it
except the recipient's own name. Digest sections come from the registry and email
templates from every `email` folder, so a section or email added later must be
rendered here too or the coverage test fails.
"""

import datetime
from pathlib import Path

import pytest
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.test.signals import template_rendered
from django.utils import timezone

from careers import services as careers_services
from careers.mentoring import services as mentoring
from careers.mentoring.models import Match, MatchingRound, MatchStatus, Relationship
from careers.models import FeedbackRound, Invitation, InvitationStatus
from cohorts import services as cohorts_services
from cohorts.communities import services as community_services
from cohorts.models import Action, Meeting, Presentation, Session
from portal import mail
from portal.digest import registry, services
from portal.digest.models import DigestPreference
from programmes import services as programmes_services
from programmes.models import SavedOffer
from tests.careers.factories import RoleFactory
from tests.careers.mentoring.test_services import coordinator, hub
from tests.factories import OrganisationFactory, PersonFactory, profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db

# Said in a set, in mentoring or in a private log: none of it may leave the portal.
SECRETS = [
    "shouting at reception by the senior partner",  # a set presenter's issue
    "Raise the shouting with Dr Blakemore",  # a set action
    "Blakemore denied it all",  # an action's note
    "grievance about my partners",  # mentoring goals
    "Relationship goal: survive the grievance",  # a pair's agreed goals
    "Met at the coffee shop about the grievance",  # a mentoring meeting's notes
    "Please let me in, my appraisal depends on it",  # a request to join a cohort
    "after your capability review",  # a manager's note on protected time
    "my partner drinks before clinic",  # a reply in a cohort's private community
]
# Everyone but the recipient: seen by a colleague, any of these names is a breach.
OTHERS = {
    "seeker": "Ottoline Marchbanks",
    "supporter": "Zebedee Quillfeather",
    "set_member": "Peregrine Ashdown",
    "facilitator": "Ignatius Wolstenholme",
    "requester": "Philippa Thistlewood",
    "rater": "Rafe Ravenscroft",
    "coordinator": "Cordelia Featherstonehaugh",
}


def person(full_name: str, **fields):
    return PersonFactory(full_name=full_name, **fields)


@pytest.fixture
def world(monday, django_capture_on_commit_callbacks):
    """Everything that can put content in an email, around Rhian and Paddy."""
    practice = OrganisationFactory(name="Moorside Surgery")
    rhian = person("Rhian Pryce", email="rhian@example.nhs.uk", organisation=practice)
    paddy = person(
        "Paddy Manager",
        email="practice.manager@example.nhs.uk",
        organisation=practice,
        profession=profession("practice-manager"),
    )
    DigestPreference.objects.create(person=paddy, team_edition=True)
    people = {key: person(name) for key, name in OTHERS.items()}
    week_ago = timezone.now() - datetime.timedelta(days=3)

    # Offers, deadlines and roles, new since the last digest.
    OfferFactory(title="Leading change for nurses")
    saved = OfferFactory(title="Quality improvement basics")
    IntakeFactory(offer=saved, application_deadline=days_from_today(4))
    SavedOffer.objects.create(person=rhian, offer=saved)
    RoleFactory(title="Nurse lead for long-term conditions")

    # A cohort, its set, a meeting coming up and Rhian's action falling due.
    cohort = cohorts_services.cohort_create(
        name="Leading in the PCN",
        description="A year of learning together.",
        facilitator=people["facilitator"],
        start_date=days_from_today(-30),
        end_date=days_from_today(300),
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = cohorts_services.cohort_request_join(
            cohort=cohort, person=people["set_member"], message=SECRETS[6]
        )
        cohorts_services.join_request_decide(
            join_request=request, facilitator=people["facilitator"], approve=True
        )
        cohorts_services.members_enrol(cohort=cohort, people=[rhian])
    Session.objects.create(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    learning_set = cohorts_services.set_create(
        name="Tuesday set", facilitator=people["facilitator"], cohort=cohort
    )
    for member in (rhian, people["set_member"]):
        cohorts_services.agreement_accept(
            membership=cohorts_services.set_member_add(learning_set=learning_set, person=member)
        )
    Meeting.objects.create(set=learning_set, starts_at=timezone.now() + datetime.timedelta(days=1))
    held = Meeting.objects.create(set=learning_set, starts_at=week_ago)
    for presenter in (rhian, people["set_member"]):
        turn = Presentation.objects.create(meeting=held, presenter=presenter, issue=SECRETS[0])
        Action.objects.create(
            presentation=turn, description=SECRETS[1], note=SECRETS[2], due_date=days_from_today(3)
        )

    # Her cohort's private community: a colleague replies in a conversation she follows.
    cohort.refresh_from_db()
    question = community_services.thread_create(
        community=cohort.community, person=rhian, title="Rota question", body="Who owns it?"
    )
    community_services.follow(person=rhian, thread=question)
    community_services.reply_create(thread=question, person=people["set_member"], body=SECRETS[-1])

    # Mentoring: Rhian waits for a sponsor, and is proposed as someone's mentor.
    devon = hub("Moorland Training Hub")
    cora = coordinator(devon, name=OTHERS["coordinator"])
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    mentoring.offer_save(person=people["supporter"], kind="sponsor", capacity=1)
    mentoring.offer_save(person=rhian, kind="mentor", capacity=1)
    mentoring.request_create(
        seeker=rhian, matching_round=matching_round, kind="sponsor", goals=SECRETS[3]
    )
    mentoring.request_create(
        seeker=people["seeker"], matching_round=matching_round, kind="mentor", goals=SECRETS[3]
    )
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.round_run(matching_round=matching_round, by=cora)
        mentoring.round_confirm(matching_round=matching_round, by=cora)
    assert Match.objects.filter(status=MatchStatus.CONFIRMED).count() == 2
    Relationship.objects.filter(goals="").update(goals=SECRETS[4])

    # 360: a colleague asks Rhian; Rhian's own round has closed with three answers.
    theirs = FeedbackRound.objects.create(person=people["requester"], closes_on=days_from_today(10))
    invitation = Invitation.objects.create(
        round=theirs, name="Rhian", email=rhian.email, relationship="peer"
    )
    mine = FeedbackRound.objects.create(
        person=rhian, closes_on=days_from_today(-1), closed_at=week_ago
    )
    for number in range(3):
        Invitation.objects.create(
            round=mine,
            name=OTHERS["rater"],
            email=f"rater{number}@example.nhs.uk",
            relationship="peer",
            status=InvitationStatus.ANSWERED,
            responded_at=week_ago,
        )
    # Rhian asks Paddy to agree protected time twice; he agrees once, the other waits.
    for title in ("Coaching for new leaders", "Leading a QI project"):
        intake = IntakeFactory(offer__title=title)
        application = programmes_services.application_create(
            person=rhian, offer=intake.offer, intake=intake
        )
        with django_capture_on_commit_callbacks(execute=True):
            agreement = programmes_services.time_agreement_request(
                application=application, person=rhian, name="Paddy", email=paddy.email
            )
    with django_capture_on_commit_callbacks(execute=True):
        programmes_services.time_agreement_decide(agreement=agreement, agree=True, note=SECRETS[7])
    return {"rhian": rhian, "paddy": paddy, "people": people, "invitation": invitation}


def forbidden_for(recipient_name: str) -> list[str]:
    """Every secret, and every part of every name but the recipient's own."""
    words = list(SECRETS)
    for name in [*OTHERS.values(), "Rhian Pryce", "Paddy Manager"]:
        if name != recipient_name:
            words += name.split()
    return words


def assert_safe(text: str, recipient_name: str, where: str, allowed: tuple = ()) -> None:
    for word in forbidden_for(recipient_name):
        if word not in allowed:
            assert word not in text, f"{where} shows {word!r}"


@pytest.fixture
def rendered_templates():
    names: set[str] = set()

    def seen(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(seen)
    yield names
    template_rendered.disconnect(seen)


def everything(message) -> str:
    return "\n".join(
        [message.subject, message.body, *(content for content, _ in message.alternatives)]
    )


def digests_of(world) -> dict[int, services.Digest]:
    people = list(
        services._load(
            services.Person.objects.filter(pk__in=[world["rhian"].pk, world["paddy"].pk])
        )
    )
    since = {p.pk: timezone.now() - datetime.timedelta(days=7) for p in people}
    return services.build_digests(people, since, timezone.now())


def test_every_digest_section_is_safe_for_a_shared_inbox(world, client):
    digests = digests_of(world)
    shown = {section.key for digest in digests.values() for section, _ in digest.sections}

    # Coverage: a section added later must have content here, or this test is blind to it.
    assert shown == {section.key for section in registry.sections()}
    for digest in digests.values():
        name = digest.person.full_name
        message = services.render_digest(digest, delivery=None)
        assert_safe(everything(message), name, f"{name}'s digest email")
        # The sign-in-free "view in browser" page shows the same, safe version.
        delivery = services.DigestDelivery.objects.create(
            person=digest.person,
            period="2026-W47",
            window_start=timezone.now() - datetime.timedelta(days=7),
        )
        view = services.render_digest(digest, delivery=delivery)
        link = view.body.split("View this digest in your browser: ")[1].split()[0]
        page = client.get(link.removeprefix(settings.SITE_URL)).content.decode()
        assert "Your digest for" in page
        assert_safe(page, name, f"{name}'s view-in-browser page")


def test_every_email_is_safe_for_a_shared_inbox(rendered_templates, mailoutbox, world):
    rhian = world["rhian"]
    sent = list(mailoutbox)  # cohort decisions and mentoring matches, sent by the world
    subjects = " ".join(message.subject for message in sent)
    assert "match is ready" in subjects and "You have joined" in subjects
    digests = digests_of(world)
    sent += [services.render_digest(d, delivery=None) for d in digests.values()]
    for reminder in (False, True):
        sent.append(
            mail.message_from_dict(
                careers_services.invitation_message(world["invitation"], reminder=reminder)
            )
        )
    adapter = get_adapter()
    context = {
        "user": rhian,
        "activate_url": "https://example.test/accounts/confirm-email/key/",
        "password_reset_url": "https://example.test/accounts/password/reset/key/",
        "key": "key",
        "email": rhian.email,
        "from_email": "rhian.old@example.nhs.uk",
        "to_email": rhian.email,
        "deleted_email": "rhian.old@example.nhs.uk",
        "timestamp": timezone.now(),
        "ip": "127.0.0.1",
        "user_agent": "Firefox",
        "signup_url": "https://example.test/accounts/signup/",
    }
    for prefix in account_email_prefixes():
        sent.append(adapter.render_mail(prefix, rhian.email, context))

    by_recipient = {p.email: p.full_name for p in services.Person.objects.all()}
    assert sent
    for message in sent:
        name = by_recipient.get(message.to[0], "")
        # A rater is told who asked for feedback: the request is that person's own.
        allowed = tuple(OTHERS["requester"].split()) if "feedback" in message.subject else ()
        # A manager asked to agree time is told who asks: the request is hers to make.
        if "Please agree protected time" in message.subject:
            allowed = ("Rhian", "Pryce")
        assert_safe(everything(message), name, f"email {message.subject!r}", allowed)
    # Coverage: every email template in the project was rendered by one of the above.
    assert email_templates() <= rendered_templates, email_templates() - rendered_templates


def account_email_prefixes() -> list[str]:
    """Each account email the project words itself: a subject file in an email folder."""
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for folder in ("account", "mfa"):
        for subject in sorted((root / folder / "email").glob("*_subject.txt")):
            found.append(f"{folder}/email/{subject.name.removesuffix('_subject.txt')}")
    return found


def email_templates() -> set[str]:
    """Every template in an `email` folder, and the digest's own email templates."""
    root = Path(settings.BASE_DIR) / "templates"
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and "email" in path.relative_to(root).parts[:-1]
    }
    found |= {str(p.relative_to(root)) for p in (root / "digest").glob("email.*")}
    return found
