"""Development offers, their intakes and FAQs, and the people who save and apply to them.

Reads are QuerySet methods named for the question they answer
(`Offer.objects.published().open_for(profession)`); writes that touch more than one
row live in `programmes/services.py`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from portal.models import (
    ICB,
    CareerLevel,
    LeadershipDimension,
    Organisation,
    OrganisationKind,
    Profession,
    Region,
    in_hub_reach,
)
from programmes import summaries

# Paths under /offers/ that an offer's slug must never take.
RESERVED_SLUGS = frozenset({"compare", "feed", "new", "search"})


def validate_offer_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by another page; choose a different slug.")


def today() -> datetime.date:
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


class OfferKind(models.TextChoices):
    COURSE = "course", "Course"
    PROGRAMME = "programme", "Programme"
    E_LEARNING = "e_learning", "E-learning"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"
    ACTION_LEARNING = "action_learning", "Action learning"
    NETWORK = "network", "Network or community of practice"
    QI_PROJECT = "qi_project", "Quality-improvement project"
    SECONDMENT = "secondment", "Secondment"
    STRETCH_ASSIGNMENT = "stretch_assignment", "Stretch assignment"
    SHADOWING = "shadowing", "Shadowing"
    SELF_DIRECTED = "self_directed", "Self-directed learning"


class NominationRoute(models.TextChoices):
    SELF = "self", "Apply yourself"
    LINE_MANAGER = "line_manager", "Nominated by your line manager"
    ICB = "icb", "Nominated by your integrated care board"


class DeliveryMode(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    BLENDED = "blended", "Blended (online and in person)"


class Funding(models.TextChoices):
    # Blank means "not stated yet": publishing refuses until a curator says.
    FREE = "free", "Free"
    FULLY_FUNDED = "fully_funded", "Fully funded"
    PART_FUNDED = "part_funded", "Part-funded"
    SELF_FUNDED = "self_funded", "Self-funded"


FUNDED = (Funding.FREE, Funding.FULLY_FUNDED)


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class StandardQuestion(models.TextChoices):
    """The questions every offer must answer before it is published."""

    TIME = "time", "Time commitment"
    FUNDING = "funding", "Funding and backfill"
    BENEFITS = "benefits", "Benefits"
    ACCREDITATION = "accreditation", "Accreditation"
    CERTIFICATION = "certification", "Certification"
    ELIGIBILITY = "eligibility", "Eligibility"


def hubs_curated_by(person):
    """The training hubs whose catalogue a person curates: any for superusers, else the
    hub she works for as staff (Person.hub_id), if any.

    Offer.objects.curated_by is the same rule for offers; this one answers for an offer
    not saved yet, such as a row being imported.
    """
    return in_hub_reach(Organisation.objects.all(), person, "pk")


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def curated_by(self, person):
        """The offers a person may curate: all for superusers, else their own hub's."""
        return in_hub_reach(self, person, "hub_id")

    def visible_to(self, person):
        """Published offers for everyone; curators also preview their own hub's others."""
        if not person.is_authenticated or not person.is_staff:
            return self.published()
        return self.published() | self.curated_by(person)

    def stale(self, on: datetime.date | None = None):
        """Offers whose review-by date has passed, so their curators should check them."""
        return self.exclude(status=OfferStatus.ARCHIVED).filter(review_by__lt=on or today())

    # Conditions joined by OR use `pk IN (subquery)`, which PostgreSQL runs once as a
    # hashed set; a correlated EXISTS under OR would run once per offer.
    def open_for(self, profession: Profession):
        listed = Offer.professions.through.objects.filter(profession_id=profession.pk)
        return self.filter(Q(all_professions=True) | Q(pk__in=listed.values("offer_id")))

    def at_level(self, level: CareerLevel):
        """Offers for a career level; an offer naming no levels is for every level."""
        through = Offer.career_levels.through.objects
        matches = through.filter(careerlevel_id=level.pk).values("offer_id")
        named = through.values("offer_id")
        return self.filter(Q(pk__in=matches) | ~Q(pk__in=named))

    def developing(self, dimension: LeadershipDimension):
        through = Offer.dimensions.through.objects.filter(
            offer_id=OuterRef("pk"), leadershipdimension_id=dimension.pk
        )
        return self.filter(Exists(through))

    def available_in_region(self, region: Region):
        regions = Offer.regions.through.objects.filter(region_id=region.pk).values("offer_id")
        icbs = Offer.icbs.through.objects.filter(icb__region_id=region.pk).values("offer_id")
        return self.filter(Q(national=True) | Q(pk__in=regions) | Q(pk__in=icbs))

    def available_in_icb(self, icb: ICB):
        regions = Offer.regions.through.objects.filter(region_id=icb.region_id)
        icbs = Offer.icbs.through.objects.filter(icb_id=icb.pk)
        return self.filter(
            Q(national=True)
            | Q(pk__in=regions.values("offer_id"))
            | Q(pk__in=icbs.values("offer_id"))
        )

    def for_person(self, person):
        """Offers that fit a person's profession, career level and integrated care board."""
        offers = self
        if person.profession_id:
            offers = offers.open_for(person.profession)
        if person.career_level_id:
            offers = offers.at_level(person.career_level)
        if person.organisation_id and person.organisation.icb_id:
            offers = offers.available_in_icb(person.organisation.icb)
        return offers

    def funded(self):
        """Free to the learner, or paid for in full by someone else."""
        return self.filter(funding__in=FUNDED)

    def with_backfill(self):
        return self.filter(backfill_paid=True)

    def paid_for(self, *, funded: bool, backfill: bool):
        """Offers free to the learner, or with backfill paid; asked both, either will do."""
        wanted = Q()
        if funded:
            wanted |= Q(funding__in=FUNDED)
        if backfill:
            wanted |= Q(backfill_paid=True)
        return self.filter(wanted)

    def within_hours(self, hours: int):
        return self.filter(total_hours__lte=hours)

    def within_hours_a_month(self, hours: int):
        """Offers asking at most `hours` a month (see `hours_a_month`); an offer that
        gives no time in numbers is left out, since nobody can say it fits."""
        return self.alias(hours_a_month=hours_a_month()).filter(hours_a_month__lte=hours)

    def accredited(self):
        return self.filter(Q(cpd_hours__gt=0) | Q(academic_credits__gt=0))

    def with_open_intake(self, on: datetime.date | None = None):
        """Offers with an intake taking applications, read from the stored date (see
        `Offer.open_until`), which does not depend on the day it was worked out."""
        return self.filter(open_until__gte=on or today())

    def joinable(self, on: datetime.date | None = None):
        """Published offers someone can join now: an intake taking applications, or no
        dated intakes at all (join any time)."""
        open_intakes = Intake.objects.open(on).values("offer_id")
        dated = Intake.objects.values("offer_id")
        return self.published().filter(Q(pk__in=open_intakes) | ~Q(pk__in=dated))

    def starting_within(self, months: int, on: datetime.date | None = None):
        start = on or today()
        intakes = Intake.objects.filter(
            offer_id=OuterRef("pk"),
            start_date__gte=start,
            start_date__lte=add_months(start, months),
        )
        return self.filter(Exists(intakes))

    def with_next_deadline(self, on: datetime.date | None = None):
        """Annotate the soonest application deadline still to come (None if there is none)."""
        day = on or today()
        deadlines = models.Subquery(
            Intake.objects.filter(offer_id=OuterRef("pk"), application_deadline__gte=day)
            .order_by("application_deadline")
            .values("application_deadline")[:1]
        )
        if on is not None:
            return self.annotate(next_deadline=deadlines)
        # The stored deadline was the soonest on or after a day no later than today, so
        # while it has not passed it is still the soonest, and with none stored there
        # is none to come; only a passed one (before the daily task) is worked out again.
        return self.annotate(
            next_deadline=models.Case(
                models.When(soonest_deadline__gte=day, then=F("soonest_deadline")),
                models.When(soonest_deadline__isnull=True, then=models.Value(None)),
                default=deadlines,
                output_field=models.DateField(),
            )
        )

    def search(self, text: str):
        """Offers matching the words in `text`, annotated with `rank` (higher is better)."""
        from programmes import search

        return search.search_offers(self, text)


def hours_a_month() -> models.Func:
    """An offer's time per month, as `summaries.hours_a_month` works it out, in SQL."""
    real = models.FloatField()

    def number(name: str) -> Cast:
        return Cast(F(name), real)

    weeks_a_month = Value(float(summaries.AVERAGE_DAYS_IN_MONTH) / 7)
    months = Greatest(Coalesce(number("duration_weeks"), Value(0.0)) / weeks_a_month, Value(1.0))
    sessions = Coalesce(number("session_count") * number("session_hours"), Value(0.0))
    study_a_week = Coalesce(number("self_study_hours_per_week"), Value(0.0))
    return models.Case(
        models.When(total_hours__isnull=False, then=number("total_hours") / months),
        models.When(
            Q(session_count__isnull=False, session_hours__isnull=False)
            | Q(self_study_hours_per_week__isnull=False),
            then=sessions / months + study_a_week * weeks_a_month,
        ),
        default=None,
        output_field=real,
    )


class Offer(models.Model):
    # What it is
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_offer_slug],
        help_text="The last part of the offer's web address: lower case, words joined by hyphens.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in search results."
    )
    description = models.TextField(
        blank=True, help_text="Markdown: headings, lists, links and emphasis are kept."
    )
    kind = models.CharField(max_length=30, choices=OfferKind.choices)
    provider = models.CharField(
        max_length=200,
        help_text="Who runs it: a training hub, NHS England, a university, a charity…",
    )
    provider_url = models.URLField("provider's web page", blank=True)
    hub = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="curated_offers",
        limit_choices_to={"kind": OrganisationKind.TRAINING_HUB},
        verbose_name="curating training hub",
        help_text="The training hub whose curators keep this offer up to date.",
    )

    # Who it is for
    all_professions = models.BooleanField(
        "open to every profession", default=False, help_text="Tick instead of listing professions."
    )
    professions = models.ManyToManyField(Profession, blank=True, related_name="offers")
    career_levels = models.ManyToManyField(
        CareerLevel,
        blank=True,
        related_name="offers",
        help_text="Leave empty when the offer suits every career level.",
    )
    dimensions = models.ManyToManyField(
        LeadershipDimension,
        blank=True,
        related_name="offers",
        verbose_name="Healthcare Leadership Model dimensions",
    )
    eligibility = models.TextField(
        "eligibility notes", blank=True, help_text="Anything beyond profession and level."
    )
    nomination_route = models.CharField(
        max_length=20, choices=NominationRoute.choices, default=NominationRoute.SELF
    )

    # Where
    national = models.BooleanField(
        "open across England", default=False, help_text="Tick instead of listing regions or ICBs."
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="offers")
    icbs = models.ManyToManyField(
        ICB, blank=True, related_name="offers", verbose_name="integrated care boards"
    )
    delivery_mode = models.CharField(max_length=20, choices=DeliveryMode.choices)
    location = models.CharField(
        max_length=200, blank=True, help_text="For in-person or blended offers: where it meets."
    )

    # Time
    total_hours = models.PositiveIntegerField(
        null=True, blank=True, help_text="All the time it takes, sessions and self-study together."
    )
    duration_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    session_count = models.PositiveSmallIntegerField("number of sessions", null=True, blank=True)
    session_hours = models.DecimalField(
        "typical session length (hours)",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    session_name = models.CharField(
        max_length=40,
        default="session",
        help_text="What a session is called, singular: workshop, module, coaching session…",
    )
    self_study_hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True
    )
    protected_time_expected = models.BooleanField(
        default=False, help_text="The employer is expected to release the person for it."
    )
    time_agreement_required = models.BooleanField(
        "agreed time needed before a place is confirmed",
        default=False,
        help_text="A place can be confirmed only once her practice or PCN manager has agreed "
        "her protected time.",
    )

    # Money
    fee = models.DecimalField(
        "fee (£)", max_digits=8, decimal_places=2, default=Decimal("0"), help_text="0 when free."
    )
    funding = models.CharField(max_length=20, choices=Funding.choices, blank=True)
    funding_source = models.CharField(
        max_length=200, blank=True, help_text="Who pays, for example “NHS England”."
    )
    backfill_paid = models.BooleanField(
        null=True, blank=True, help_text="Leave unknown until you know; publishing needs an answer."
    )
    backfill_rate = models.DecimalField(
        "backfill rate (£ an hour)", max_digits=6, decimal_places=2, null=True, blank=True
    )

    # Outcomes
    cpd_hours = models.DecimalField(
        "CPD hours", max_digits=5, decimal_places=1, null=True, blank=True
    )
    academic_credits = models.PositiveSmallIntegerField(null=True, blank=True)
    academic_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(8)],
        help_text="Framework for Higher Education Qualifications level: 7 is master's level.",
    )
    awarding_body = models.CharField(max_length=200, blank=True)
    certificate = models.CharField(
        max_length=200,
        blank=True,
        help_text="What people receive, for example “Certificate of completion”.",
    )
    benefits = models.TextField(
        blank=True, help_text="What it leads to, for the person and the practice."
    )

    # Curation
    status = models.CharField(
        max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="After this date the offer is listed as stale."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Kept current by programmes.services (on save and import), never by signals. On
    # PostgreSQL a GIN index created in migration 0002 serves it; SQLite ignores it.
    search_vector = SearchVectorField(null=True, editable=False)
    # Read from the intakes and stored so the catalogue's "taking applications" filter
    # and "by deadline" sort read one column instead of searching every intake. Kept
    # current by programmes.services (programmes.intake_dates), never by signals.
    # The last day an intake with a free place takes applications: its deadline, or
    # the day before it starts when it has none. Open on a day on or before it.
    open_until = models.DateField(null=True, blank=True, editable=False)
    # The soonest application deadline on or after the day it was worked out. Once that
    # day has passed the catalogue works it out afresh, and a daily task rolls it on.
    soonest_deadline = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_vector", "updated_at", "open_until", "soonest_deadline"]
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="offer_status_published"),
            models.Index(fields=["review_by"], name="offer_review_by"),
            # The catalogue counts its matches from this narrow index alone (an
            # index-only scan) rather than reading every wide row of the table.
            models.Index(
                fields=["status"],
                include=[
                    "id",
                    "published_at",
                    "kind",
                    "delivery_mode",
                    "funding",
                    "backfill_paid",
                    "total_hours",
                    "cpd_hours",
                    "academic_credits",
                    "all_professions",
                    "national",
                ],
                name="offer_published_facets",
            ),
            # "Taking applications": a range scan over published offers' open dates.
            models.Index(
                fields=["open_until"],
                include=["id", "published_at", "soonest_deadline", "national"],
                condition=Q(status="published"),
                name="offer_published_open_until",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="offer_fee_not_negative",
                violation_error_message="The fee cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:offer", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.fee and self.fee > 0 and self.funding == Funding.FREE:
            errors["funding"] = "An offer with a fee cannot be free: choose who funds it."
        if self.backfill_rate and self.backfill_paid is not True:
            errors["backfill_paid"] = "You gave a backfill rate: say that backfill is paid."
        if self.academic_level and not self.academic_credits:
            errors["academic_credits"] = "Give the number of credits for the academic level."
        if errors:
            raise ValidationError(errors)

    # Plain sentences built from the structured fields.
    @property
    def time_summary(self) -> str:
        return summaries.time_summary(self)

    @property
    def money_summary(self) -> str:
        return summaries.money_summary(self)

    @property
    def backfill_summary(self) -> str:
        return summaries.backfill_summary(self)

    @property
    def accreditation_summary(self) -> str:
        return summaries.accreditation_summary(self)

    @property
    def is_accredited(self) -> bool:
        return bool(self.cpd_hours) or bool(self.academic_credits)

    @property
    def is_funded(self) -> bool:
        return self.funding in FUNDED

    @property
    def is_stale(self) -> bool:
        return bool(self.review_by and self.review_by < today())


class IntakeStatus(models.TextChoices):
    OPEN = "open", "Open"
    FULL = "full", "Full"
    CLOSED = "closed", "Closed"


# Applications in these states hold a place on an intake.
HOLDS_PLACE = ("applied", "accepted", "completed")


class IntakeQuerySet(models.QuerySet):
    def curated_by(self, person):
        """Intakes of the offers the person may curate."""
        return in_hub_reach(self, person, "offer__hub_id")

    def not_closed(self, on: datetime.date | None = None):
        """Intakes still taking applications by date: before the deadline, or, with no
        deadline, before they start."""
        day = on or today()
        return self.filter(
            Q(application_deadline__gte=day)
            | Q(application_deadline__isnull=True, start_date__gt=day)
        )

    def open(self, on: datetime.date | None = None):
        return self.not_closed(on).filter(Q(places__isnull=True) | Q(places__gt=F("places_taken")))

    def visible_to(self, person):
        """Intakes of the offers the person may see."""
        return self.filter(offer__in=Offer.objects.visible_to(person))

    def upcoming(self, on: datetime.date | None = None):
        """Intakes that have not finished, soonest first."""
        day = on or today()
        return self.filter(Q(end_date__gte=day) | Q(end_date__isnull=True, start_date__gte=day))


class Intake(models.Model):
    """A dated run of an offer, with places and an application deadline."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="intakes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    application_deadline = models.DateField(null=True, blank=True)
    places = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty if unlimited."
    )
    # Counted by programmes.services whenever an application takes or gives back a
    # place, in the same transaction, so "full" never needs a count per intake.
    places_taken = models.PositiveIntegerField(default=0, editable=False)
    location = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    notes = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["places_taken"])

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["offer", "application_deadline"], name="intake_offer_deadline"),
            models.Index(fields=["start_date"], name="intake_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "start_date"],
                name="unique_intake_start",
                violation_error_message="This offer already has an intake starting that day.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="intake_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True)
                | Q(application_deadline__lte=F("start_date")),
                name="intake_deadline_before_start",
                violation_error_message=(
                    "The application deadline must be on or before the start date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer.title}, starting {date_format(self.start_date, 'j F Y')}"

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if (
            self.application_deadline
            and self.start_date
            and self.application_deadline > self.start_date
        ):
            errors["application_deadline"] = (
                "The application deadline must be on or before the start date."
            )
        if errors:
            raise ValidationError(errors)

    def status_on(self, day: datetime.date) -> IntakeStatus:
        closes = self.application_deadline
        if (closes and day > closes) or (not closes and day >= self.start_date):
            return IntakeStatus.CLOSED
        if self.places is not None and self.places_taken >= self.places:
            return IntakeStatus.FULL
        return IntakeStatus.OPEN

    @property
    def status(self) -> IntakeStatus:
        return self.status_on(today())

    @property
    def places_left(self) -> int | None:
        if self.places is None:
            return None
        return max(self.places - self.places_taken, 0)

    def get_ics_url(self) -> str:
        return reverse("programmes:intake_ics", kwargs={"slug": self.offer.slug, "pk": self.pk})


class FAQ(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="faqs")
    topic = models.CharField(
        max_length=20,
        choices=StandardQuestion.choices,
        blank=True,
        help_text="Which standard question this answers; leave empty for your own question.",
    )
    question = models.CharField(max_length=300)
    answer = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "topic"], condition=~Q(topic=""), name="one_faq_per_standard_topic"
            )
        ]

    def __str__(self) -> str:
        return self.question


class SavedOffer(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_offers"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "offer"], name="unique_saved_offer")
        ]

    def __str__(self) -> str:
        return f"{self.person} saved {self.offer}"


class ApplicationStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    COMPLETED = "completed", "Completed"


SENT_TO_PROVIDER = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.COMPLETED,
)


class ApplicationQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def curated_by(self, person):
        """Applications to the offers the person curates (Offer.objects.curated_by)."""
        return in_hub_reach(self, person, "offer__hub_id")

    def current(self):
        """Applications the person has not withdrawn from or been declined for."""
        return self.exclude(status__in=[ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED])

    def applied(self):
        """Applications that reached the provider: applied, then perhaps accepted,
        declined or completed (not mere interest, nor interest withdrawn)."""
        return self.filter(status__in=SENT_TO_PROVIDER)

    def completed(self):
        return self.filter(status=ApplicationStatus.COMPLETED)


class Application(models.Model):
    """A person's interest in, or application to, an offer (and usually one intake).

    One row per person and offer: registering interest and then applying moves the
    same row on, and the unique constraint makes a double submit harmless.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="applications")
    intake = models.ForeignKey(
        Intake, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "offer"], name="one_application_per_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.offer} ({self.get_status_display()})"

    @property
    def holds_place(self) -> bool:
        return self.intake_id is not None and self.status in HOLDS_PLACE

    @property
    def can_withdraw(self) -> bool:
        return self.status in (
            ApplicationStatus.INTERESTED,
            ApplicationStatus.APPLIED,
            ApplicationStatus.ACCEPTED,
        )


# ---------------------------------------------------------------------------
# Protected time agreed with the practice
# ---------------------------------------------------------------------------
# She may nudge a manager who has not answered once, and not before this.
REMIND_AFTER = datetime.timedelta(days=3)


class TimeAgreementStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class TimeAgreementQuerySet(models.QuerySet):
    def for_person(self, person):
        """Requests a member made for her own applications."""
        return self.filter(application__person=person)

    def addressed_to(self, person):
        """Requests a signed-in manager may answer: named as the person, or sent to one of
        her verified addresses (an unverified address proves nothing)."""
        if not person.is_authenticated:
            return self.none()
        from allauth.account.models import EmailAddress
        from django.db.models.functions import Lower

        verified = (
            EmailAddress.objects.filter(user=person, verified=True)
            .annotate(address=Lower("email"))
            .values("address")
        )
        return self.filter(Q(manager=person) | Q(manager_email__in=verified))

    def waiting(self):
        return self.filter(status=TimeAgreementStatus.WAITING)


class TimeAgreement(models.Model):
    """Her practice or PCN manager's answer to "will you protect her time for this?".

    One per application; naming someone else replaces the request and its link. The
    manager answers through an emailed signed link carrying `link_key` (no account
    needed), or signed in when the request reached one of her verified addresses.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="time_agreement"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_agreements_asked",
        help_text="Set when she chose a manager with an account in her organisation.",
    )
    manager_name = models.CharField(max_length=150)
    manager_email = models.EmailField()  # stored in lower case
    status = models.CharField(
        max_length=20, choices=TimeAgreementStatus.choices, default=TimeAgreementStatus.WAITING
    )
    note = models.TextField(blank=True, max_length=1000)
    # A random key the signed link carries: a new request gets a new key, so the links
    # sent for the request it replaced stop working.
    link_key = models.CharField(max_length=32, unique=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TimeAgreementQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["manager_email", "status"])]

    def __str__(self) -> str:
        return f"Time for {self.application} ({self.get_status_display().lower()})"

    @property
    def is_waiting(self) -> bool:
        return self.status == TimeAgreementStatus.WAITING

    @property
    def reminder_from(self) -> datetime.datetime:
        """When she may send her one reminder (services.REMIND_AFTER after asking)."""
        return self.requested_at + REMIND_AFTER

    @property
    def state(self) -> str:
        """One line for lists, the admin and the CSV: who, what, and when."""
        if self.status == TimeAgreementStatus.AGREED:
            return f"Time agreed by {self.manager_name} on {_local_day(self.decided_at)}"
        if self.status == TimeAgreementStatus.DECLINED:
            return f"Time declined by {self.manager_name} on {_local_day(self.decided_at)}"
        return f"Waiting for {self.manager_name}"


def _local_day(moment: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j F Y") if moment else ""
