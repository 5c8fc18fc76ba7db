from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from careers import hlm
from careers.models import Activity, Importance, Relationship
from careers.services import MIN_RATERS, RaterInput
from portal.models import LeadershipDimension, LeadershipLevel
from portal.widgets import DateInputField


class DimensionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: LeadershipDimension) -> str:
        return obj.name


class ActivityForm(forms.ModelForm):
    occurred_on = DateInputField(
        label="Date",
        help_text="For example, 15 3 2025. For something that ran over days, the day it ended.",
        error_messages={"required": "Enter the date of the activity"},
    )
    evidence_url = forms.URLField(
        label="Evidence link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A link to minutes, a certificate or a report.",
        error_messages={"invalid": "Enter a web address, like https://example.org/minutes"},
    )
    dimensions = DimensionChoiceField(
        queryset=LeadershipDimension.objects.all(),
        required=False,
        label="Healthcare Leadership Model dimensions",
        help_text="Select all the dimensions this activity developed or showed.",
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "occurred_on",
            "kind",
            "hours",
            "dimensions",
            "reflection",
            "evidence_url",
        ]
        labels = {"kind": "Kind of activity", "hours": "Hours"}
        help_texts = {
            "title": "For example, “Chaired the PCN prescribing group”.",
            "hours": "Time spent, to the nearest half hour.",
            "reflection": "What happened, what you learned, and what you will do next.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "reflection": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "title": {"required": "Enter a title for the activity"},
            "kind": {"required": "Select the kind of activity"},
            "hours": {
                "invalid": "Hours must be a number, like 1.5",
                "min_value": "Hours must be 0 or more",
                "max_value": "Hours must be 999 or fewer",
                "max_decimal_places": "Give hours to one decimal place, like 1.5",
            },
        }

    def clean_occurred_on(self) -> datetime.date:
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise ValidationError("The date must be today or in the past")
        return day


class ActivityFilterForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for “From”"},
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for “To”"},
    )
    dimension = forms.ModelChoiceField(
        queryset=LeadershipDimension.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="All dimensions",
        error_messages={"invalid_choice": "Select a dimension from the list"},
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "“To” must be on or after “From”")
        return data


LEVEL_CHOICES = [(str(value), label) for value, label in LeadershipLevel.choices]


def level_choices(dimension: LeadershipDimension) -> list[tuple[str, str]]:
    """Each level named and described for this dimension, so people rate behaviour."""
    described = hlm.DESCRIPTIONS.get(dimension.slug, {})
    return [
        (str(value), f"{label}: {described[value]}" if value in described else label)
        for value, label in LeadershipLevel.choices
    ]


class AssessmentForm(forms.Form):
    """One level (required), target and importance (optional) for each dimension."""

    def __init__(self, *args, dimensions: list[LeadershipDimension], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            self.fields[f"level_{dimension.slug}"] = forms.TypedChoiceField(
                label=f"Your level in “{dimension.name}”",
                help_text=dimension.summary,
                choices=level_choices(dimension),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select your level in “{dimension.name}”",
                    "invalid_choice": f"Select one of the four levels for “{dimension.name}”",
                },
            )
            self.fields[f"target_{dimension.slug}"] = forms.TypedChoiceField(
                label=f"The level you are aiming for in “{dimension.name}”",
                choices=[("", "No target"), *LEVEL_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Select a target level from the list"},
            )
            self.fields[f"importance_{dimension.slug}"] = forms.TypedChoiceField(
                label=f"How important “{dimension.name}” is in your role",
                choices=[("", "Not said")] + [(str(v), label) for v, label in Importance.choices],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Select how important it is from the list"},
            )

    def rows(self) -> list[dict]:
        return [
            {
                "dimension": d,
                "level": self[f"level_{d.slug}"],
                "target": self[f"target_{d.slug}"],
                "importance": self[f"importance_{d.slug}"],
            }
            for d in self.dimensions
        ]


class FeedbackAnswerForm(forms.Form):
    def __init__(self, *args, dimensions: list[LeadershipDimension], person_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            self.fields[f"level_{dimension.slug}"] = forms.TypedChoiceField(
                label=f"{dimension.name}",
                help_text=dimension.summary,
                choices=level_choices(dimension),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select a level for “{dimension.name}”",
                    "invalid_choice": f"Select one of the four levels for “{dimension.name}”",
                },
            )

    def levels(self) -> dict[int, int]:
        return {d.pk: self.cleaned_data[f"level_{d.slug}"] for d in self.dimensions}


class RaterForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the rater's name"})
    email = forms.EmailField(
        label="Email address",
        max_length=254,  # Invitation.email's length; Django's form default is 320
        error_messages={
            "required": "Enter the rater's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    relationship = forms.ChoiceField(
        label="How they know you",
        choices=[("", "Select"), *Relationship.choices],
        error_messages={"required": "Select how they know you"},
    )


class BaseRaterFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if len(filled) < MIN_RATERS:
            raise ValidationError(f"Invite at least {MIN_RATERS} people")
        emails = [f.cleaned_data["email"].lower() for f in filled]
        if len(set(emails)) != len(emails):
            raise ValidationError("Invite each person once: two rows have the same email address")

    def add_refusal(self, message: str) -> None:
        """Show a service's refusal in the error summary, keeping every row typed."""
        self.non_form_errors().append(message)

    def raters(self) -> list[RaterInput]:
        return [
            RaterInput(
                name=f.cleaned_data["name"],
                email=f.cleaned_data["email"],
                relationship=f.cleaned_data["relationship"],
            )
            for f in self.forms
            if f.has_changed()
        ]


class RoleInterestForm(forms.Form):
    message = forms.CharField(
        label="A note for the poster (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why this role interests you, and any questions you have.",
    )
