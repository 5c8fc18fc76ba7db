from importlib import import_module

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"

    def import_models(self) -> None:
        super().import_models()
        # Mentoring keeps its models in careers/mentoring/models.py. They belong to the
        # careers app (app_label "careers", migrations in careers/migrations), so they
        # are loaded here, at the point Django loads careers' own models.
        import_module("careers.mentoring.models")

    def ready(self) -> None:
        # Registers this app's feedback, roles and mentoring sections with portal's
        # digest, and its insights pages, data export and erasure steps with portal
        # (portal imports no app). Its demo loader is found by seed_demo when it runs.
        # Its parts of the plan page register the same way.
        from careers import digest, erasure, insights, personal_data, plan  # noqa: F401

        # The admin's autodiscovery finds careers/admin.py only; mentoring's admin sits
        # beside its models.
        from careers.mentoring import admin as mentoring_admin  # noqa: F401
        from careers.mentoring import digest as mentoring_digest  # noqa: F401
        from careers.mentoring import erasure as mentoring_erasure  # noqa: F401
        from careers.mentoring import personal_data as mentoring_data  # noqa: F401
        from careers.mentoring import plan as mentoring_plan  # noqa: F401
