from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Development offers"

    def ready(self) -> None:
        # Registers this app's offers, deadlines and team sections with portal's digest,
        # its part of the plan page, and its insights pages, data export and erasure steps
        # with portal (portal imports no app). Its demo loader is found by seed_demo.
        from programmes import digest, erasure, insights, personal_data, plan  # noqa: F401
