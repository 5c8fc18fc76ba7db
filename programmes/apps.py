from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Development offers"

    def ready(self) -> None:
        # Registers this app's demo seeder with portal's seed_demo (portal imports no app).
        from programmes import demo  # noqa: F401
