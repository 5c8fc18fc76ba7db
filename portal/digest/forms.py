from django import forms

from portal.digest import registry, services
from portal.digest.models import DigestPreference, Frequency, Weekday


class PreferenceForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        label="What to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each part appears only when it has something for you.",
    )

    class Meta:
        model = DigestPreference
        fields = ["frequency", "day", "team_edition"]
        labels = {
            "frequency": "How often do you want a digest?",
            "day": "Which day should it arrive?",
            "team_edition": "Also send me the team edition",
        }
        help_texts = {
            "day": "It arrives in the morning. A monthly digest comes on the first such day "
            "of the month.",
        }
        widgets = {"frequency": forms.RadioSelect, "day": forms.Select}
        error_messages = {
            "frequency": {"invalid_choice": "Select how often you want a digest"},
            "day": {"invalid_choice": "Select a day of the week"},
        }

    def __init__(self, *args, person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices
        self.fields["day"].choices = Weekday.choices
        # The team edition's parts (keys starting "team") follow its own tick box.
        choices = [
            (s.key, s.description or s.title)
            for s in registry.sections()
            if not s.key.startswith("team")
        ]
        self.fields["sections"].choices = choices
        self.fields["sections"].error_messages["invalid_choice"] = "Select parts from the list"
        muted = set(self.instance.muted_sections or [])
        self.fields["sections"].initial = [key for key, _ in choices if key not in muted]
        self.can_have_team_edition = bool(
            person.profession_id and person.profession.slug in services.TEAM_EDITION_PROFESSIONS
        )
        if not self.can_have_team_edition:
            del self.fields["team_edition"]
        else:
            self.fields["team_edition"].help_text = (
                "New offers for every profession in your organisation, grouped by "
                "profession, to forward or print for the staff room."
            )

    def muted_sections(self) -> list[str]:
        offered = [key for key, _ in self.fields["sections"].choices]
        chosen = set(self.cleaned_data["sections"])
        return [key for key in offered if key not in chosen]
