"""The catalogue's filter form, read from the query string.

Every filter is a slug or a plain value in the URL, so a filtered list can be shared,
bookmarked and reached with the back button, and the form works without JavaScript.
An unknown value is reported on its field and that filter alone is ignored.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import SafeString

from portal.models import ICB, CareerLevel, LeadershipDimension, Profession, Region, StaffGroup
from programmes.models import DeliveryMode, OfferKind
from programmes.search import MAX_QUERY_LENGTH

# Query-string keys that choose offers. `page` and `scope` only move around the results.
FILTER_KEYS = (
    "q",
    "profession",
    "level",
    "kind",
    "dimension",
    "region",
    "icb",
    "mode",
    "funding",
    "max_hours",
    "hours_a_month",
    "accredited",
    "open",
    "within",
    "sort",
)

WITHIN_MONTHS = {"1": 1, "3": 3, "6": 6, "12": 12}

# Links and feeds made before "funding" became one question with two answers.
OLD_FUNDING_KEYS = {"funded": "funded", "backfill": "backfill"}


class Paid:
    """What "funding" asks for; ticking both means either."""

    FUNDED = "funded"
    BACKFILL = "backfill"
    CHOICES = [(FUNDED, "Free or fully funded"), (BACKFILL, "Backfill paid")]


class Sort:
    RELEVANCE = "relevance"
    DEADLINE = "deadline"
    NEWEST = "newest"
    CHOICES = [
        (RELEVANCE, "Best match"),
        (DEADLINE, "Soonest application deadline"),
        (NEWEST, "Newest"),
    ]


@dataclass
class Reference:
    """The reference data the filters offer, loaded in four queries and looked up by slug
    afterwards, so validating and applying filters costs nothing more."""

    professions: dict[str, Profession]
    levels: dict[str, CareerLevel]
    dimensions: dict[str, LeadershipDimension]
    regions: dict[str, Region]
    icbs: dict[str, ICB]
    # Names every choice the filters offer, so markup rendered for one set of choices
    # is never reused for another (see CatalogueFilterForm.rendered_fields).
    fingerprint: str = field(default="", compare=False)
    _choices: dict[str, list] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls) -> Reference:
        icbs = list(ICB.objects.select_related("region").order_by("region__name", "short_name"))
        regions = {icb.region.slug: icb.region for icb in icbs}
        reference = cls(
            professions={p.slug: p for p in Profession.objects.all()},
            levels={level.slug: level for level in CareerLevel.objects.all()},
            dimensions={d.slug: d for d in LeadershipDimension.objects.all()},
            regions=dict(sorted(regions.items(), key=lambda item: item[1].name)),
            icbs={icb.slug: icb for icb in icbs},
        )
        reference.fingerprint = hashlib.sha256(
            repr(
                (
                    reference.profession_choices(),
                    [(s, x.name) for s, x in reference.levels.items()],
                    [(s, x.name) for s, x in reference.dimensions.items()],
                    [(s, x.name) for s, x in reference.regions.items()],
                    reference.icb_choices(),
                )
            ).encode()
        ).hexdigest()
        return reference

    @property
    def by_field(self) -> dict[str, dict]:
        return {
            "profession": self.professions,
            "level": self.levels,
            "dimension": self.dimensions,
            "region": self.regions,
            "icb": self.icbs,
        }

    def choices(self) -> dict[str, list]:
        """The filter fields' choices, built once per load."""
        if not self._choices:
            self._choices.update(
                profession=self.profession_choices(),
                level=[("", "Any stage")]
                + [(slug, level.name) for slug, level in self.levels.items()],
                dimension=[("", "Any dimension")]
                + [(slug, d.name) for slug, d in self.dimensions.items()],
                region=[("", "Any region")]
                + [(slug, region.name) for slug, region in self.regions.items()],
                icb=self.icb_choices(),
            )
        return self._choices

    def profession_choices(self) -> list:
        groups: dict[str, list] = defaultdict(list)
        for profession in self.professions.values():
            groups[StaffGroup(profession.staff_group).label].append(
                (profession.slug, profession.name)
            )
        return [("", "Any profession"), *groups.items()]

    def icb_choices(self) -> list:
        groups: dict[str, list] = defaultdict(list)
        for icb in self.icbs.values():
            groups[icb.region.name].append((icb.slug, icb.short_name))
        return [("", "Anywhere in England"), *groups.items()]


class ReferenceChoiceField(forms.ChoiceField):
    """A choice of reference data, validated by slug lookup rather than a walk through
    every choice (42 ICBs)."""

    known: dict = {}

    def valid_value(self, value) -> bool:
        return value in self.known


def unknown(thing: str) -> dict[str, str]:
    return {"invalid_choice": f"We do not recognise that {thing}: choose one from the list"}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label="Search offers",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text="For example, coaching, quality improvement or a provider's name.",
        error_messages={
            "max_length": f"Search text must be {MAX_QUERY_LENGTH} characters or fewer"
        },
    )
    profession = ReferenceChoiceField(
        label="Profession", required=False, error_messages=unknown("profession")
    )
    level = ReferenceChoiceField(
        label="Career stage", required=False, error_messages=unknown("career stage")
    )
    kind = forms.ChoiceField(
        label="Kind of offer",
        required=False,
        choices=[("", "Any kind"), *OfferKind.choices],
        error_messages=unknown("kind of offer"),
    )
    dimension = ReferenceChoiceField(
        label="Leadership dimension it develops",
        required=False,
        help_text="From the NHS Healthcare Leadership Model.",
        error_messages=unknown("leadership dimension"),
    )
    region = ReferenceChoiceField(label="Region", required=False, error_messages=unknown("region"))
    icb = ReferenceChoiceField(
        label="Integrated care board",
        required=False,
        error_messages=unknown("integrated care board"),
    )
    mode = forms.ChoiceField(
        label="How it is delivered",
        required=False,
        choices=[("", "Online or in person"), *DeliveryMode.choices],
        error_messages=unknown("way of delivering an offer"),
    )
    within = forms.ChoiceField(
        label="Starts within",
        required=False,
        choices=[
            ("", "Any time"),
            ("1", "1 month"),
            ("3", "3 months"),
            ("6", "6 months"),
            ("12", "12 months"),
        ],
        error_messages=unknown("time span"),
    )
    max_hours = forms.IntegerField(
        label="At most this many hours in total",
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the most hours you can give as a whole number, like 20",
            "min_value": "Enter a number of hours of 1 or more",
            "max_value": "Enter a number of hours of 10,000 or fewer",
        },
    )
    hours_a_month = forms.IntegerField(
        label="At most this many hours a month",
        help_text="Spread over the months it runs, sessions and self-study together.",
        required=False,
        min_value=1,
        max_value=744,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the most hours a month you can give as a whole number, like 8",
            "min_value": "Enter a number of hours a month of 1 or more",
            "max_value": "Enter a number of hours a month of 744 or fewer",
        },
    )
    funding = forms.MultipleChoiceField(
        label="Funding",
        help_text="Tick both to see offers that have either.",
        required=False,
        choices=Paid.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose funding from the list"},
    )
    accredited = forms.BooleanField(
        label="Accredited (CPD hours or academic credits)", required=False
    )
    open = forms.BooleanField(label="Taking applications now", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=Sort.CHOICES,
        error_messages=unknown("order"),
    )

    def __init__(self, data=None, *args, reference: Reference, **kwargs):
        if data is not None and OLD_FUNDING_KEYS.keys() & data.keys():
            data = data.copy()
            for old, new in OLD_FUNDING_KEYS.items():
                if data.pop(old, None) and new not in data.getlist("funding"):
                    data.appendlist("funding", new)
        super().__init__(data, *args, **kwargs)
        self.reference = reference
        # Choices handed over as an iterator are neither walked nor deep-copied per
        # form (some 90 tuples, which cost more than the rest of the form together);
        # they are read only to validate a chosen value, and the markup is drawn once
        # per choice set (rendered_fields).
        for name, choices in reference.choices().items():
            self.fields[name].choices = CallableChoiceIterator(lambda choices=choices: choices)
            self.fields[name].known = reference.by_field[name]
        # The sort control sits above the results, outside the filter form's element.
        self.fields["sort"].widget.attrs["form"] = "catalogue-filters"

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and reported on its field)."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}

    def rendered_fields(self) -> dict[str, SafeString]:
        """Each field as its NHS.UK component, drawn once per process for each choice
        set, value and error: a select of 42 ICBs costs a template per option, and
        the same few markups are asked for again and again."""
        rendered = {}
        for name in self.fields:
            bound = self[name]
            key = (self.reference.fingerprint, name, repr(bound.value()), tuple(bound.errors))
            html = _FIELD_MARKUP.get(key) if self.reference.fingerprint else None
            if html is None:
                html = as_crispy_field(bound)
                if self.reference.fingerprint:
                    if len(_FIELD_MARKUP) >= FIELD_MARKUP_KEPT:
                        _FIELD_MARKUP.clear()
                    _FIELD_MARKUP[key] = html
            rendered[name] = html
        return rendered


# Selects and ticks have a few hundred values between them; the bound keeps typed
# search text and hours from growing it for ever (it starts again when full).
FIELD_MARKUP_KEPT = 2_000
_FIELD_MARKUP: dict[tuple, SafeString] = {}


# ---------------------------------------------------------------------------
# Protected time agreed with the practice
# ---------------------------------------------------------------------------
SOMEONE_ELSE = "other"


class TimeAskForm(forms.Form):
    """Who agrees her protected time: a manager from her organisation, or anyone by email."""

    manager = forms.ChoiceField(
        label="Who agrees your protected time?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who agrees your protected time"},
    )
    name = forms.CharField(
        label="Their full name",
        required=False,
        max_length=150,
        error_messages={"max_length": "Name must be 150 characters or fewer"},
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="We email them a link to agree or decline. They do not need an account.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk"
        },
    )

    def __init__(self, *args, managers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.managers = {str(person.pk): person for person in managers}
        if self.managers:
            self.fields["manager"].choices = [
                *(
                    (pk, f"{person.full_name}, {person.organisation}")
                    for pk, person in self.managers.items()
                ),
                (SOMEONE_ELSE, "Someone else (give their name and email address below)"),
            ]
        else:
            # Nobody in her organisation holds the role on the portal: name and email only.
            del self.fields["manager"]
            self.fields["name"].label = "Your practice or PCN manager's full name"

    def clean(self) -> dict:
        data = super().clean()
        if self.chosen_manager() is None and not self.errors.get("manager"):
            if not data.get("name"):
                self.add_error("name", "Enter their full name")
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", "Enter their email address")
        return data

    def chosen_manager(self):
        """The manager she chose from the list, or None for someone else (after validation)."""
        return self.managers.get(self.cleaned_data.get("manager", ""))


class TimeDecisionForm(forms.Form):
    answer = forms.ChoiceField(
        label="Do you agree protected time for this?",
        choices=[("agree", "Yes, I agree the time"), ("decline", "No, I cannot agree the time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree the time"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, which days suit the practice. The person who applied sees it.",
        error_messages={"max_length": "Note must be 1,000 characters or fewer"},
    )

    @property
    def agrees(self) -> bool:
        return self.cleaned_data["answer"] == "agree"
