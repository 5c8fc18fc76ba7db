"""People, organisations and the reference data every feature app shares."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property


class StaffGroup(models.TextChoices):
    CLINICAL = "clinical", "Clinical"
    NON_CLINICAL = "non_clinical", "Non-clinical"


class ProfessionQuerySet(models.QuerySet):
    def clinical(self):
        return self.filter(staff_group=StaffGroup.CLINICAL)

    def non_clinical(self):
        return self.filter(staff_group=StaffGroup.NON_CLINICAL)


class Profession(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # The plural reads naturally in sentences such as "4 new offers for nurses".
    plural = models.CharField(max_length=100)
    staff_group = models.CharField(max_length=20, choices=StaffGroup.choices)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ProfessionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CareerLevel(models.Model):
    """A rung on the ladder that every profession's pathway stages map onto."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class LeadershipLevel(models.IntegerChoices):
    """The four levels of the NHS Healthcare Leadership Model."""

    ESSENTIAL = 1, "Essential"
    PROFICIENT = 2, "Proficient"
    STRONG = 3, "Strong"
    EXEMPLARY = 4, "Exemplary"


class LeadershipDimension(models.Model):
    """One of the nine dimensions of the NHS Healthcare Leadership Model."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    summary = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """One of NHS England's seven regions."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    ods_code = models.CharField("ODS code", max_length=5, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def in_hub_reach(queryset: models.QuerySet, person, lookup: str) -> models.QuerySet:
    """The rows a hub's staff may reach, found by the lookup that leads to their hub.

    The one shape of every hub rule (offers, roles, people, organisations): every row
    for a superuser, none for someone who works for no training hub (`Person.hub_id`).
    """
    if person.is_superuser:
        return queryset
    hub_id = getattr(person, "hub_id", None)
    if hub_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: hub_id})


class ICBQuerySet(models.QuerySet):
    def in_reach_of(self, person):
        """The ICBs the person's training hub serves: all for superusers."""
        return in_hub_reach(self, person, "training_hubs")


class ICB(models.Model):
    """An integrated care board, the NHS body of an integrated care system."""

    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    ods_code = models.CharField("ODS code", max_length=5, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="icbs")

    objects = ICBQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = "integrated care board"

    def __str__(self) -> str:
        return self.short_name


class OrganisationKind(models.TextChoices):
    PRACTICE = "practice", "GP practice"
    PCN = "pcn", "Primary care network"
    TRAINING_HUB = "training_hub", "Training hub"
    ICB_BODY = "icb_body", "ICB or ICS-level body"
    OTHER = "other", "Other organisation"


class OrganisationQuerySet(models.QuerySet):
    def where_people_work(self):
        """Organisations a person can choose as their workplace when signing up."""
        return self.exclude(kind=OrganisationKind.TRAINING_HUB)

    def training_hubs(self):
        return self.filter(kind=OrganisationKind.TRAINING_HUB)

    def in_icb(self, icb: ICB):
        return self.filter(icb=icb)

    def in_reach_of(self, person):
        """Organisations in the ICBs the person's hub serves: all for superusers."""
        return in_hub_reach(self, person, "icb__training_hubs")

    def curated_by(self, person):
        """Practices and PCNs in the ICBs the person's hub serves: all for superusers.

        Training hubs and ICB bodies decide what a hub's staff may reach, so only
        superusers change them.
        """
        staff_kinds = [OrganisationKind.PRACTICE, OrganisationKind.PCN]
        reach = in_hub_reach(self, person, "icb__training_hubs")
        return reach if person.is_superuser else reach.filter(kind__in=staff_kinds)


class Organisation(models.Model):
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    icb = models.ForeignKey(
        ICB, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    pcn = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        limit_choices_to={"kind": OrganisationKind.PCN},
        help_text="For a practice: the primary care network it belongs to.",
    )
    serves_icbs = models.ManyToManyField(
        ICB,
        blank=True,
        related_name="training_hubs",
        help_text="For a training hub: the integrated care boards it serves.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "icb"], name="unique_org_name_in_icb")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name with enough context to tell two similar names apart."""
        parts = [self.get_kind_display()]
        if self.icb_id:
            parts.append(self.icb.short_name)
        return f"{self.name} ({', '.join(parts)})"


class PersonQuerySet(models.QuerySet):
    def in_reach_of(self, person):
        """People a hub's staff may look up: those working in the ICBs the hub serves."""
        return in_hub_reach(self, person, "organisation__icb__training_hubs")


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: clinicians, staff, curators, facilitators and mentors."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    career_level = models.ForeignKey(
        CareerLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin (training-hub staff).",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person has their data erased: the row stays, anonymous, so that
    # figures others rely on (attendance totals, a set's meeting counts) still add up.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_person_email_ci"),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return "Former member"
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def icb(self) -> ICB | None:
        return self.organisation.icb if self.organisation_id else None

    @cached_property
    def hub_id(self) -> int | None:
        """The training hub this person works for as staff, else None.

        Everything a curator, facilitator or co-ordinator may reach for a hub starts
        here. Only a superuser can make an organisation a training hub or make someone
        staff, so nobody can widen her own reach by editing her profile.
        """
        if not (self.is_staff and self.is_active and self.organisation_id):
            return None
        if self.organisation.kind != OrganisationKind.TRAINING_HUB:
            return None
        return self.organisation_id


class HeldRoleKind(models.TextChoices):
    PCN_CLINICAL_DIRECTOR = "pcn_clinical_director", "PCN clinical director"
    CLINICAL_LEAD = "clinical_lead", "Clinical lead"
    PRACTICE_PARTNER = "practice_partner", "Practice partner"
    MANAGER = "manager", "Practice or PCN manager"
    TRAINING_HUB_LEAD = "training_hub_lead", "Training hub lead"
    ICB_ROLE = "icb_role", "ICB role"
    OTHER = "other", "Other leadership role"


class HeldRoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)

    def held_on(self, moment):
        """Roles someone held at that moment, including roles since given up."""
        return self.filter(started_at__lte=moment).filter(
            models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=moment)
        )


class HeldRole(models.Model):
    """A leadership role someone holds now, or held: insights count holders by quarter."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="held_roles")
    kind = models.CharField(max_length=30, choices=HeldRoleKind.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = HeldRoleQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_held_role_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["kind", "started_at"])]

    def __str__(self) -> str:
        return self.get_kind_display()


# The digest's models live in their own package; importing them here registers them
# with the portal app.
from portal.digest.models import DigestDelivery, DigestPreference  # noqa: E402, F401
from portal.personal_data.models import DataExport  # noqa: E402, F401
from portal.plan.models import PlanCalendar  # noqa: E402, F401
