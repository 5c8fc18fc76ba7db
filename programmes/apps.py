from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Development offers"

    def ready(self) -> None:
        # Registers this app's offers,
        # deadlines and team sections with portal's digest, and its insights pages, data export
        # and erasure steps with portal (portal imports no app).
        from programmes import digest, erasure, insights, personal_data  # noqa: F401
