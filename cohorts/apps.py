from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts and action learning sets"

    def ready(self) -> None:
        # Registers this app's demo seeder with portal's seed_demo (portal imports no app).
        from cohorts import demo  # noqa: F401
