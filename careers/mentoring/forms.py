"""Forms for offering and asking for support, and for logging a meeting."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from careers.mentoring.models import (
    MatchingRound,
    ProfessionPreference,
    ProfessionScope,
    RoleModel,
    SupportKind,
)
from portal.models import ICB, LeadershipDimension, Person
from portal.widgets import DateInputField, HintedRadioSelect

# One sentence each, under each choice, so people ask for the support they mean.
KIND_HINTS = {
    SupportKind.MENTOR: (
        "A more experienced person who shares what they have learned and advises you."
    ),
    SupportKind.SPONSOR: (
        "A senior person who uses their influence to open doors for you, such as "
        "putting your name forward for a role."
    ),
    SupportKind.COACH: (
        "Someone trained to help you reach your own goals by asking questions, not by "
        "giving advice."
    ),
}


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you offering to be?",
        choices=SupportKind.choices,
        widget=HintedRadioSelect(hints=KIND_HINTS),
        error_messages={"required": "Select mentor, sponsor or coach"},
    )
    accreditation = forms.CharField(
        label="Coaching accreditation",
        required=False,
        max_length=200,
        help_text="Coaches only: the body and level you are accredited at.",
    )
    capacity = forms.IntegerField(
        label="How many people can you support at once?",
        error_messages={"required": "Enter how many people you can support at once"},
    )
    professions = forms.ChoiceField(
        label="Which professions will you support?",
        choices=ProfessionScope.choices,
        initial=ProfessionScope.ANY,
        widget=forms.RadioSelect,
    )
    dimensions = forms.ModelMultipleChoiceField(
        label="Leadership dimensions you can help with",
        queryset=LeadershipDimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line.",
    )
    icbs = forms.ModelMultipleChoiceField(
        label="ICBs you can meet in person in",
        queryset=ICB.objects.all(),
        required=False,
        widget=forms.SelectMultiple,
    )
    remote = forms.BooleanField(label="I can meet remotely", required=False, initial=True)
    profile = forms.CharField(
        label="A short profile",
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(
                "Capacity must be at least 1. To take no one on for now, pause your offer."
            )
        return capacity


class AskForm(forms.Form):
    round = forms.ModelChoiceField(
        label="Matching round",
        queryset=MatchingRound.objects.exclude(status="confirmed"),
        empty_label=None,
        help_text="Your training hub or ICB runs these.",
    )
    kind = forms.ChoiceField(
        label="What are you asking for?",
        choices=SupportKind.choices,
        widget=HintedRadioSelect(hints=KIND_HINTS),
        error_messages={"required": "Select mentor, sponsor or coach"},
    )
    goals = forms.CharField(
        label="What would you like to achieve?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you would like to achieve"},
        help_text="Your supporter reads this, with your name, once you have both accepted.",
    )
    dimensions = forms.ModelMultipleChoiceField(
        label="Leadership dimensions you want to develop",
        queryset=LeadershipDimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    profession_preference = forms.ChoiceField(
        label="Who would you prefer?",
        choices=ProfessionPreference.choices,
        initial=ProfessionPreference.EITHER,
        widget=forms.RadioSelect,
    )
    icb = forms.ModelChoiceField(
        label="ICB to meet in person in", queryset=ICB.objects.all(), required=False
    )
    remote = forms.BooleanField(label="I am happy to meet remotely", required=False, initial=True)
    exclusions = forms.CharField(
        label="Anyone you must not be matched with",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their email addresses, one a line. Nobody is told.",
    )

    def clean_exclusions(self) -> list[Person]:
        addresses = [line.strip().lower() for line in self.cleaned_data["exclusions"].splitlines()]
        addresses = [address for address in addresses if address]
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    f"“{address}” is not an email address: enter one address a line, "
                    "like name@example.nhs.uk"
                ) from None
        # Addresses with no account are kept quiet, so the form cannot be used to find
        # out who has one; they simply exclude nobody.
        return list(Person.objects.alias(address=Lower("email")).filter(address__in=addresses))


class MeetingForm(forms.Form):
    met_on = DateInputField(label="When did you meet?")
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the two of you can see these.",
    )

    def clean_met_on(self):
        met_on = self.cleaned_data["met_on"]
        if met_on and met_on > timezone.localdate():
            raise forms.ValidationError("The date of a meeting must be today or in the past")
        return met_on


class AgreementForm(forms.Form):
    goals = forms.CharField(
        label="Goals",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your goals"},
    )
    meeting_frequency = forms.CharField(
        label="How often you will meet",
        max_length=100,
        help_text="For example, monthly for an hour.",
    )
    ends_on = DateInputField(label="End date", required=False)


class CloseForm(forms.Form):
    went_well = forms.TypedChoiceField(
        label="Did it go well?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )
    feedback = forms.CharField(
        label="Feedback",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a few words of feedback"},
    )


class RoleModelForm(forms.ModelForm):
    class Meta:
        model = RoleModel
        fields = ["title", "story", "listed"]
        widgets = {"story": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"story": "A short account of how you came to lead, for people starting out."}
        error_messages = {
            "title": {"required": "Enter your current role"},
            "story": {"required": "Enter the story of your route into leadership"},
        }
