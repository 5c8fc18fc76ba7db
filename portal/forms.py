from collections import defaultdict

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.choices import CallableChoiceIterator

from portal.models import (
    CareerLevel,
    HeldRoleKind,
    Organisation,
    Person,
    Profession,
    StaffGroup,
)
from portal.services import WORKPLACE_FIXED, workplace_is_fixed


class ProfessionField(forms.ModelChoiceField):
    """Professions grouped clinical / non-clinical, as people look for them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", "Choose your profession")
        super().__init__(queryset=Profession.objects.all(), **kwargs)

    def _get_choices(self):
        return CallableChoiceIterator(self._grouped)

    def _grouped(self) -> list:
        groups: dict[str, list] = defaultdict(list)
        for profession in self.queryset:
            groups[StaffGroup(profession.staff_group).label].append(
                (profession.pk, profession.name)
            )
        return [("", self.empty_label), *groups.items()]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class OrganisationField(forms.ModelChoiceField):
    """Practices, PCNs and other workplaces grouped by integrated care board.

    A plain grouped <select> works without JavaScript; with JavaScript it becomes a
    search-as-you-type box (static/portal/portal.js).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", "Choose your practice or PCN")
        queryset = Organisation.objects.where_people_work().select_related("icb")
        super().__init__(queryset=queryset, **kwargs)
        self.widget.attrs["data-module"] = "organisation-search"

    def _get_choices(self):
        return CallableChoiceIterator(self._grouped)

    def _grouped(self) -> list:
        groups: dict[str, list] = defaultdict(list)
        for org in self.queryset.order_by("icb__short_name", "name"):
            group = org.icb.short_name if org.icb_id else "National or other"
            groups[group].append((org.pk, f"{org.name} ({org.get_kind_display()})"))
        return [("", self.empty_label), *groups.items()]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class PersonDetailsMixin(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
    )
    profession = ProfessionField(
        label="Profession",
        error_messages={"required": "Select your profession"},
    )
    organisation = OrganisationField(
        label="Where you work",
        help_text="Start typing the name of your practice or primary care network.",
        error_messages={"required": "Select the practice or PCN where you work"},
    )


class SignupForm(PersonDetailsMixin, AllauthSignupForm):
    field_order = ["full_name", "email", "profession", "organisation", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        # allauth's field allows 320 characters; Person.email holds 254.
        email_length = Person._meta.get_field("email").max_length
        self.fields["email"].max_length = email_length
        self.fields["email"].validators.append(MaxLengthValidator(email_length))
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].error_messages["required"] = "Enter the password again"


class ProfileForm(forms.ModelForm):
    profession = ProfessionField(
        label="Profession", error_messages={"required": "Select your profession"}
    )
    organisation = OrganisationField(
        label="Where you work",
        help_text="Start typing the name of your practice or primary care network.",
        error_messages={"required": "Select the practice or PCN where you work"},
    )
    career_level = forms.ModelChoiceField(
        queryset=CareerLevel.objects.all(),
        required=False,
        label="Career stage",
        help_text="Used to suggest offers and pathway stages that fit you.",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    held_roles = forms.MultipleChoiceField(
        choices=HeldRoleKind.choices,
        required=False,
        label="Leadership roles you hold now",
        help_text=(
            "Select all that apply. Training hubs see only totals, never names, to find out "
            "whether leadership is becoming more professionally diverse."
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Person
        fields = ["full_name", "profession", "career_level", "organisation"]
        labels = {"full_name": "Full name"}
        error_messages = {"full_name": {"required": "Enter your full name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["held_roles"] = list(
                self.instance.held_roles.current().values_list("kind", flat=True)
            )
        if self.instance.pk and workplace_is_fixed(self.instance):
            # Shown, not editable: the service refuses a change whatever is posted.
            workplace = self.fields["organisation"]
            workplace.disabled = True
            workplace.required = False
            workplace.queryset = Organisation.objects.filter(pk=self.instance.organisation_id)
            workplace.help_text = WORKPLACE_FIXED
