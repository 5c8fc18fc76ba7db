from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Development offers"

    def ready(self) -> None:
        # Registers this app's demo seeder with portal's seed_demo, and its offers,
        # deadlines and team sections with portal's digest (portal imports no app).
        from programmes import demo, digest  # noqa: F401
