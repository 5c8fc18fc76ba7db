from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"

    def ready(self) -> None:
        # Registers this app's feedback,
        # roles and mentoring sections with portal's digest, and its insights pages, data export
        # and erasure steps with portal (portal imports no app).
        from careers import digest, erasure, insights, personal_data  # noqa: F401
        from careers.mentoring import digest as mentoring_digest  # noqa: F401
        from careers.mentoring import erasure as mentoring_erasure  # noqa: F401
        from careers.mentoring import personal_data as mentoring_data  # noqa: F401
