"""Factories for the people and organisations every test needs."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from portal.models import ICB, Organisation, OrganisationKind, Person, Profession

PASSWORD = "correct-horse-battery-staple"


def profession(slug: str) -> Profession:
    return Profession.objects.get(slug=slug)


def icb(ods_code: str = "QJK") -> ICB:
    return ICB.objects.get(ods_code=ods_code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PRACTICE
    name = factory.Sequence(lambda n: f"Riverside Surgery {n}")
    icb = factory.LazyFunction(icb)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    profession = factory.LazyFunction(lambda: profession("general-practice-nurse"))
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """People are verified unless a test says otherwise (verified=False)."""
        if not create:
            return
        obj.save()
        EmailAddress.objects.create(
            user=obj, email=obj.email, primary=True, verified=extracted is not False
        )


def activate_totp(person: Person) -> str:
    """Give a person an authenticator app, as if they had set it up; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    return secret


def totp_code(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or a few 30 s steps later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + steps_ahead
    return format_hotp_value(hotp_value(secret, counter))
