from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Careers"

    def ready(self) -> None:
        # Registers this app's demo seeder with portal's seed_demo (portal imports no app).
        from careers import demo  # noqa: F401
