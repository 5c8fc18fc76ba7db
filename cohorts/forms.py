import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone

from cohorts.models import (
    SET_CAPACITY,
    ActionStatus,
    AttendanceStatus,
    JoinMode,
    VoteValue,
)
from portal.models import Person
from portal.widgets import DateInputField

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)


class CohortForm(forms.Form):
    name = forms.CharField(max_length=150, error_messages={"required": "Enter the cohort's name"})
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Everyone can read this, including people who are not members.",
        error_messages={"required": "Enter a description"},
    )
    start_date = DateInputField(label="Start date")
    end_date = DateInputField(label="End date")
    join_mode = forms.ChoiceField(
        label="How do people join?",
        choices=JoinMode.choices,
        widget=forms.RadioSelect,
        initial=JoinMode.REQUEST,
        error_messages={"required": "Select how people join"},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


class EnrolForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line. People need an account on the portal first.",
        error_messages={"required": "Enter at least one email address"},
    )

    def clean_emails(self) -> list[Person]:
        addresses = [line.strip().lower() for line in self.cleaned_data["emails"].splitlines()]
        addresses = [a for a in dict.fromkeys(addresses) if a]
        people = list(Person.objects.filter(email__in=addresses, is_active=True))
        missing = sorted(set(addresses) - {p.email for p in people})
        if missing:
            raise forms.ValidationError(
                f"No account uses {', '.join(missing[:5])}: ask them to create one first"
            )
        return people


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Why would you like to join?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LocalDateTimeForm(forms.Form):
    """A date plus a 24-hour time, read as UK time (GMT or BST, whichever applies)."""

    date = DateInputField(label="Date")
    time = forms.TimeField(
        label="Start time",
        help_text="For example, 14:30",
        widget=forms.TimeInput(attrs={"class": "nhsuk-input--width-5"}, format="%H:%M"),
        error_messages={
            "required": "Enter a start time",
            "invalid": "Enter a start time like 14:30",
        },
    )

    def starts_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return naive.replace(tzinfo=LONDON)

    # No rule that the date be in the future: facilitators also record sessions and
    # meetings that already happened, then take their attendance.


class SessionForm(LocalDateTimeForm):
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=15,
        max_value=600,
        initial=120,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter the length in minutes",
            "min_value": "A session must be at least 15 minutes",
            "max_value": "A session must be at most 600 minutes",
        },
    )
    place = forms.CharField(label="Place", max_length=200, required=False)
    online_link = forms.URLField(
        label="Online link",
        assume_scheme="https",
        max_length=200,
        required=False,
        error_messages={"invalid": "Enter a web address starting with https://"},
    )
    topic = forms.CharField(label="Topic", max_length=200, required=False)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(LocalDateTimeForm):
    place = forms.CharField(label="Place", max_length=200, required=False)
    online_link = forms.URLField(
        label="Online link",
        assume_scheme="https",
        max_length=200,
        required=False,
        error_messages={"invalid": "Enter a web address starting with https://"},
    )
    presenters = forms.ModelMultipleChoiceField(
        label="Who presents?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The portal ticks whoever has waited longest since presenting.",
        error_messages={"required": "Select at least one presenter"},
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = Person.objects.filter(
            pk__in=[m.pk for m in members]
        ).order_by("full_name")


class AttendanceForm(forms.Form):
    """One radio group per member, built from the members passed in."""

    def __init__(self, *args, people=(), initial_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_statuses = initial_statuses or {}
        self.people = list(people)
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=initial_statuses.get(person.pk),
            )

    def statuses(self) -> dict[int, str]:
        return {
            person.pk: value
            for person in self.people
            if (value := self.cleaned_data.get(f"person_{person.pk}"))
        }


class TopicForm(forms.Form):
    title = forms.CharField(
        label="Topic", max_length=150, error_messages={"required": "Enter a topic"}
    )
    why = forms.CharField(
        label="Why it matters",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        label="Your vote",
        choices=VoteValue.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how much you want this topic"},
    )


class ScheduleTopicForm(forms.Form):
    session = forms.ModelChoiceField(
        label="Session",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select a session"},
    )

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: (
            f"{timezone.localtime(s.starts_at):%-d %B %Y, %H:%M}"
            + (f" ({s.topic})" if s.topic else "")
        )


class SetSizesForm(forms.Form):
    min_size = forms.IntegerField(
        label="Smallest set",
        min_value=2,
        max_value=SET_CAPACITY,
        initial=5,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "required": "Enter the smallest set size",
            "min_value": "The smallest set must have at least 2 people",
            "max_value": f"A set can have at most {SET_CAPACITY} people",
        },
    )
    max_size = forms.IntegerField(
        label="Largest set",
        min_value=2,
        max_value=SET_CAPACITY,
        initial=SET_CAPACITY,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        error_messages={
            "required": "Enter the largest set size",
            "min_value": "The largest set must have at least 2 people",
            "max_value": f"A set can have at most {SET_CAPACITY} people",
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            self.add_error("max_size", "The largest set must be at least the smallest")
        return data


class AgreementForm(forms.Form):
    agreement = forms.CharField(
        label="Ground rules",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Changing them asks every member to accept them again.",
        error_messages={"required": "Enter the ground rules"},
    )


class IssueForm(forms.Form):
    issue = forms.CharField(
        label="Your issue in a few lines",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only the set's members and its facilitator can read this.",
        error_messages={"required": "Enter your issue"},
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What will you do?",
        max_length=300,
        error_messages={"required": "Enter what you will do"},
    )
    due_date = DateInputField(label="By when?")


class ReportForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened?",
        choices=[
            (ActionStatus.DONE, "Done"),
            (ActionStatus.CHANGED, "Changed"),
            (ActionStatus.DROPPED, "Dropped"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select done, changed or dropped"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you changed or dropped the action.",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") in (ActionStatus.CHANGED, ActionStatus.DROPPED)
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", "Enter a note saying what changed or why you dropped it")
        return data


class DecisionForm(forms.Form):
    """Approve or decline one request to join."""

    request = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])


class SetAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Cohort member",
        queryset=Person.objects.none(),
        empty_label="Choose a member",
        error_messages={"required": "Choose a member of the cohort to add"},
    )

    def __init__(self, *args, candidates: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in candidates])
        self.fields["person"].choices = [("", "Choose a member")] + [
            (p.pk, p.full_name) for p in candidates
        ]


class SetPolicyForm(forms.Form):
    takes_members_of_other_sets = forms.BooleanField(
        label="Members of other sets in this cohort may join this set",
        required=False,
        help_text="Each member joins one set in a cohort unless you allow more here.",
    )
