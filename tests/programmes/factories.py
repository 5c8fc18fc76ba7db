"""Factories for offers, intakes and applications."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from portal.models import OrganisationKind
from programmes import intake_dates, search
from programmes.models import (
    FAQ,
    Application,
    ApplicationStatus,
    DeliveryMode,
    Funding,
    Intake,
    Offer,
    OfferKind,
    OfferStatus,
)
from tests.factories import OrganisationFactory


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class HubFactory(OrganisationFactory):
    kind = OrganisationKind.TRAINING_HUB
    name = factory.Sequence(lambda n: f"Moorland Training Hub {n}")


class OfferFactory(factory.django.DjangoModelFactory):
    """A published, free, national offer open to everyone that answers every standard
    question; tests change what they are about."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Leading change in practice {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Six workshops on leading small changes in your practice."
    description = "You will plan, test and share a change with your team."
    kind = OfferKind.COURSE
    provider = "Moorland Training Hub"
    hub = factory.SubFactory(HubFactory)
    all_professions = True
    national = True
    delivery_mode = DeliveryMode.ONLINE
    total_hours = 12
    duration_weeks = 6
    session_count = 6
    session_hours = Decimal("2")
    session_name = "workshop"
    funding = Funding.FREE
    backfill_paid = False
    cpd_hours = Decimal("12")
    certificate = "Certificate of completion"
    benefits = "Confidence to lead a change and a project for your appraisal."
    eligibility = "Anyone working in general practice."
    status = OfferStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def professions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.all_professions = False
            obj.save(update_fields=["all_professions"])
            obj.professions.set(extracted)

    @factory.post_generation
    def career_levels(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.career_levels.set(extracted)

    @factory.post_generation
    def dimensions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.dimensions.set(extracted)

    @factory.post_generation
    def icbs(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.national = False
            obj.save(update_fields=["national"])
            obj.icbs.set(extracted)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.national = False
            obj.save(update_fields=["national"])
            obj.regions.set(extracted)

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        """As the services and import do: keep the stored search vector current."""
        if create:
            search.refresh(Offer.objects.filter(pk=obj.pk))


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake
        skip_postgeneration_save = True

    offer = factory.SubFactory(OfferFactory)
    # Spread over a month so one offer can have many intakes, all within three months.
    start_date = factory.Sequence(lambda n: days_from_today(40 + n % 30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(weeks=6))
    application_deadline = factory.LazyAttribute(
        lambda o: o.start_date - datetime.timedelta(days=14)
    )
    places = 20
    location = "Online (Microsoft Teams)"

    @factory.post_generation
    def stored_dates(obj, create, extracted, **kwargs):
        """As the services and import do: keep the offer's stored intake dates current."""
        if create:
            intake_dates.refresh_ids([obj.offer_id])


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    offer = factory.SubFactory(OfferFactory)
    question = factory.Sequence(lambda n: f"Can I bring a colleague to session {n}?")
    answer = "Yes, if they register too."


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    offer = factory.LazyAttribute(lambda o: o.intake.offer)
    intake = factory.SubFactory(IntakeFactory)
    status = ApplicationStatus.INTERESTED
