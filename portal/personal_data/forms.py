from allauth.account.adapter import get_adapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms

from portal.models import Person

WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now."


class ErasureForm(forms.Form):
    """Are you sure, and is it you? A checkbox, the password, and a code with two-factor on.

    The password goes through allauth, as its own "confirm it is you" page does, so
    failed attempts count towards the same rate limit as failed sign-ins.
    """

    confirm = forms.BooleanField(
        label="I understand that my account and my data will be erased now, and that this "
        "cannot be undone",
        error_messages={
            "required": "Confirm that you understand your account will be erased for good"
        },
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.needs_code = is_mfa_enabled(person)
        if self.needs_code:
            self.fields["code"] = forms.CharField(
                label="Code from your authenticator app",
                help_text="The 6-digit code the app shows now, or one of your recovery codes.",
                max_length=32,
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "one-time-code",
                        "spellcheck": "false",
                    }
                ),
                error_messages={"required": "Enter the code from your authenticator app"},
            )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        try:
            right = get_adapter().reauthenticate(self.person, password)
        except forms.ValidationError as exc:  # too many failed attempts
            raise forms.ValidationError(exc.messages[0]) from None
        if not right:
            raise forms.ValidationError("The password is not right. Check it and try again.")
        return password

    def clean(self) -> dict:
        cleaned = super().clean()
        # A code is checked only with the right password: checking it uses it up.
        if self.needs_code and "password" in cleaned and "code" in cleaned:
            check = BaseAuthenticateForm(data={"code": cleaned["code"]}, user=self.person)
            if not check.is_valid():
                message = check.errors["code"][0]
                if message == str(get_mfa_adapter().error_messages["incorrect_code"]):
                    message = WRONG_CODE
                self.add_error("code", message)
        return cleaned
