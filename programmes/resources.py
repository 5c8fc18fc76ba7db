"""Bulk import and export of offers and intakes (django-import-export), CSV or XLSX.

A file is all or nothing: every row is checked, every problem is reported with its row
and column, and if any row has a problem nothing is saved (the admin always runs a dry
run first, and the real run rolls back on any error). Curators can only touch their own
hub's offers. Columns use the same slugs as the catalogue's web addresses.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from import_export import fields, resources, widgets

from portal.models import (
    ICB,
    CareerLevel,
    LeadershipDimension,
    Organisation,
    Profession,
    Region,
)
from programmes import answers, caching, search, services
from programmes.models import (
    DeliveryMode,
    Funding,
    Intake,
    NominationRoute,
    Offer,
    OfferKind,
    OfferStatus,
    hubs_curated_by,
)

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


# ---------------------------------------------------------------------------
# Widgets that turn a cell into a value, or raise ValueError with a plain message
# (import-export reports it against the row and column).
# ---------------------------------------------------------------------------
class ChoiceWidget(widgets.Widget):
    """A value from a fixed list, written as its code or its label, in any case."""

    def __init__(self, choices: type[models.Choices], *, blank: bool = False):
        super().__init__()
        self.choices = choices
        self.blank = blank
        self.lookup = {}
        for value, label in choices.choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if not text:
            if self.blank:
                return ""
            raise ValueError("This column cannot be empty.")
        if text not in self.lookup:
            allowed = ", ".join(str(v) for v in self.choices.values)
            raise ValueError(f"“{value}” is not one of: {allowed}.")
        return self.lookup[text]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    YES = {"yes", "y", "true", "1"}
    NO = {"no", "n", "false", "0"}

    def __init__(self, *, allow_unknown: bool = False):
        super().__init__()
        self.allow_unknown = allow_unknown

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        if not text:
            return None if self.allow_unknown else False
        raise ValueError(f"“{value}” is not yes or no.")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "yes" if value else "no"


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a whole number.") from None
        if number != number.to_integral() or number < 0:
            raise ValueError(f"“{value}” is not a whole number of 0 or more.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    def __init__(self, *, default: Decimal | None = None):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lstrip("£").replace(",", "")
        if not text:
            return self.default
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a number.") from None
        if number < 0:
            raise ValueError(f"“{value}” cannot be negative.")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return format(Decimal(value).normalize(), "f")


class DayWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(f"“{value}” is not a date: write it like 2026-04-01 or 01/04/2026.")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class SlugListWidget(widgets.ManyToManyWidget):
    """Slugs separated by semicolons (or commas). An unknown slug is an error, not
    silently dropped, so a typo cannot change who an offer is for."""

    def __init__(self, model, field: str = "slug"):
        super().__init__(model, separator=";", field=field)
        self.known: dict[str, models.Model] | None = None

    def forget(self) -> None:
        """Start each import with fresh reference data (loaded once, on first use)."""
        self.known = None

    def values(self, value) -> list[str]:
        text = str(value or "").replace(",", ";")
        return [part.strip() for part in text.split(";") if part.strip()]

    def clean(self, value, row=None, **kwargs):
        wanted = self.values(value)
        if not wanted:
            return []
        if self.known is None:
            self.known = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        unknown = [slug for slug in wanted if slug not in self.known]
        if unknown:
            raise ValueError(f"Not recognised: {', '.join(unknown)}.")
        return [self.known[slug] for slug in dict.fromkeys(wanted)]


class HubWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Organisation, field="name")

    def get_queryset(self, value, row, *args, **kwargs):
        return Organisation.objects.training_hubs()

    def clean(self, value, row=None, **kwargs):
        if not str(value or "").strip():
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except Organisation.DoesNotExist:
            raise ValueError(f"No training hub is called “{value}”.") from None


class OfferSlugWidget(widgets.ForeignKeyWidget):
    def __init__(self, offers):
        super().__init__(Offer, field="slug")
        self.offers = offers

    def get_queryset(self, value, row, *args, **kwargs):
        return self.offers

    def clean(self, value, row=None, **kwargs):
        if not str(value or "").strip():
            raise ValueError("Give the slug of the offer this intake belongs to.")
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except Offer.DoesNotExist:
            raise ValueError(f"None of your hub's offers has the slug “{value}”.") from None


# ---------------------------------------------------------------------------
# Shared behaviour
# ---------------------------------------------------------------------------
class StrictResource(resources.ModelResource):
    """Checks the file's columns before any row, and checks many-to-many cells with the
    other cells, so one pass reports every problem in the file."""

    required_columns: tuple[str, ...] = ()

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def before_import(self, dataset, **kwargs):
        for field in self.get_import_fields():
            if isinstance(field.widget, SlugListWidget):
                field.widget.forget()
        headers = [str(h or "").strip() for h in dataset.headers or []]
        dataset.headers = headers
        known = {field.column_name for field in self.get_import_fields()}
        missing = [name for name in self.required_columns if name not in headers]
        unknown = [name for name in headers if name and name not in known]
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            problems.append(f"columns we do not recognise: {', '.join(unknown)}")
        if problems:
            # Reading rows against the wrong columns would only bury this message.
            del dataset[0 : len(dataset)]
            raise ValueError(
                "This file cannot be imported: "
                + "; ".join(problems)
                + f". The columns we read are: {', '.join(sorted(known))}."
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Offers
# ---------------------------------------------------------------------------
def slug_list(model, attribute: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=SlugListWidget(model))


class OfferResource(StrictResource):
    required_columns = ("slug", "title", "summary", "kind", "provider", "delivery_mode")

    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(OfferKind))
    hub = fields.Field(attribute="hub", column_name="hub", widget=HubWidget())
    professions = slug_list(Profession, "professions")
    career_levels = slug_list(CareerLevel, "career_levels")
    dimensions = slug_list(LeadershipDimension, "dimensions")
    regions = slug_list(Region, "regions")
    icbs = slug_list(ICB, "icbs")
    nomination_route = fields.Field(
        attribute="nomination_route",
        column_name="nomination_route",
        widget=ChoiceWidget(NominationRoute),
    )
    delivery_mode = fields.Field(
        attribute="delivery_mode", column_name="delivery_mode", widget=ChoiceWidget(DeliveryMode)
    )
    funding = fields.Field(
        attribute="funding", column_name="funding", widget=ChoiceWidget(Funding, blank=True)
    )
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(OfferStatus)
    )
    all_professions = fields.Field(
        attribute="all_professions", column_name="all_professions", widget=YesNoWidget()
    )
    national = fields.Field(attribute="national", column_name="national", widget=YesNoWidget())
    protected_time_expected = fields.Field(
        attribute="protected_time_expected",
        column_name="protected_time_expected",
        widget=YesNoWidget(),
    )
    backfill_paid = fields.Field(
        attribute="backfill_paid",
        column_name="backfill_paid",
        widget=YesNoWidget(allow_unknown=True),
    )
    total_hours = fields.Field(
        attribute="total_hours", column_name="total_hours", widget=WholeNumberWidget()
    )
    duration_weeks = fields.Field(
        attribute="duration_weeks", column_name="duration_weeks", widget=WholeNumberWidget()
    )
    session_count = fields.Field(
        attribute="session_count", column_name="session_count", widget=WholeNumberWidget()
    )
    academic_credits = fields.Field(
        attribute="academic_credits", column_name="academic_credits", widget=WholeNumberWidget()
    )
    academic_level = fields.Field(
        attribute="academic_level", column_name="academic_level", widget=WholeNumberWidget()
    )
    session_hours = fields.Field(
        attribute="session_hours", column_name="session_hours", widget=NumberWidget()
    )
    self_study_hours_per_week = fields.Field(
        attribute="self_study_hours_per_week",
        column_name="self_study_hours_per_week",
        widget=NumberWidget(),
    )
    fee = fields.Field(
        attribute="fee", column_name="fee", widget=NumberWidget(default=Decimal("0"))
    )
    backfill_rate = fields.Field(
        attribute="backfill_rate", column_name="backfill_rate", widget=NumberWidget()
    )
    cpd_hours = fields.Field(attribute="cpd_hours", column_name="cpd_hours", widget=NumberWidget())
    review_by = fields.Field(attribute="review_by", column_name="review_by", widget=DayWidget())

    class Meta:
        model = Offer
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "title",
            "summary",
            "description",
            "kind",
            "provider",
            "provider_url",
            "hub",
            "all_professions",
            "professions",
            "career_levels",
            "dimensions",
            "eligibility",
            "nomination_route",
            "national",
            "regions",
            "icbs",
            "delivery_mode",
            "location",
            "total_hours",
            "duration_weeks",
            "session_count",
            "session_hours",
            "session_name",
            "self_study_hours_per_week",
            "protected_time_expected",
            "fee",
            "funding",
            "funding_source",
            "backfill_paid",
            "backfill_rate",
            "cpd_hours",
            "academic_credits",
            "academic_level",
            "awarding_body",
            "certificate",
            "benefits",
            "status",
            "review_by",
        )
        export_order = fields
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def get_queryset(self):
        offers = Offer.objects.all()
        return offers.curated_by(self.user) if self.user is not None else offers

    def _curated_hub_ids(self) -> set[int]:
        # Once per import, not once per row.
        if self.curated_hub_ids is None:
            self.curated_hub_ids = set(hubs_curated_by(self.user).values_list("pk", flat=True))
        return self.curated_hub_ids

    def before_import(self, dataset, **kwargs):
        self.curated_hub_ids: set[int] | None = None
        self.imported_ids: set[int] = set()
        self.repeated_slugs: set[str] = set()
        super().before_import(dataset, **kwargs)
        slugs = Counter(str(slug or "").strip() for slug in dataset["slug"])
        self.repeated_slugs = {slug for slug, count in slugs.items() if slug and count > 1}

    def before_import_row(self, row, **kwargs):
        slug = str(row.get("slug") or "").strip()
        row["slug"] = slug
        if slug in self.repeated_slugs:
            raise ValidationError({"slug": f"The slug “{slug}” is on more than one row."})
        if self.user is not None:
            others = Offer.objects.exclude(pk__in=Offer.objects.curated_by(self.user))
            if others.filter(slug=slug).exists():
                raise ValidationError(
                    {"slug": f"“{slug}” belongs to another training hub's offer."}
                )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.user is not None and "hub" not in errors:
            if instance.hub_id is None and not self.user.is_superuser:
                # A curator's rows are for her own hub unless they say otherwise.
                instance.hub_id = self.user.organisation_id
            if instance.hub_id is not None and instance.hub_id not in self._curated_hub_ids():
                errors["hub"] = ["You can only import offers for your own training hub."]
        if instance.hub_id is None and "hub" not in errors:
            errors["hub"] = ["Name the training hub that curates this offer."]
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if instance.status == OfferStatus.PUBLISHED and instance.published_at is None:
            instance.published_at = timezone.now()

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.status == OfferStatus.PUBLISHED:
            # The standard questions can be answered by professions (saved just now).
            missing = answers.missing_answers(instance)
            if missing:
                names = ", ".join(answers.QUESTIONS[m] for m in missing)
                raise ValidationError(
                    {"status": f"It cannot be published until these are answered: {names}"}
                )
        self.imported_ids.add(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run"):
            search.refresh_ids(self.imported_ids)
            transaction.on_commit(caching.catalogue_changed)


# ---------------------------------------------------------------------------
# Intakes
# ---------------------------------------------------------------------------
class IntakeResource(StrictResource):
    required_columns = ("offer", "start_date")

    offer = fields.Field(attribute="offer", column_name="offer")
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DayWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DayWidget())
    application_deadline = fields.Field(
        attribute="application_deadline", column_name="application_deadline", widget=DayWidget()
    )
    places = fields.Field(attribute="places", column_name="places", widget=WholeNumberWidget())

    class Meta:
        model = Intake
        import_id_fields = ("offer", "start_date")
        fields = (
            "offer",
            "start_date",
            "end_date",
            "application_deadline",
            "places",
            "location",
            "online_link",
            "notes",
        )
        export_order = fields
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        offers = Offer.objects.all()
        if user is not None:
            offers = offers.curated_by(user)
        self.fields["offer"].widget = OfferSlugWidget(offers)

    def get_queryset(self):
        intakes = Intake.objects.select_related("offer")
        if self.user is not None:
            intakes = intakes.filter(offer__in=Offer.objects.curated_by(self.user))
        return intakes

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.offer_ids: set[int] = set()

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.offer_ids.add(instance.offer_id)

    def after_delete_instance(self, instance, row, **kwargs):
        super().after_delete_instance(instance, row, **kwargs)
        self.offer_ids.add(instance.offer_id)

    def after_import(self, dataset, result, **kwargs):
        # A dry run's changes are rolled back with the stored dates worked out here.
        services.offer_intakes_changed(ids=self.offer_ids)

    def get_or_init_instance(self, instance_loader, row):
        # The natural key holds a slug and a date: clean them first, so a bad cell is
        # reported against its column instead of as a crash while looking the row up.
        errors = {}
        for name in ("offer", "start_date"):
            try:
                self.fields[name].clean(row)
            except ValueError as error:
                errors[name] = [str(error)]
        if errors:
            raise ValidationError(errors)
        return super().get_or_init_instance(instance_loader, row)
