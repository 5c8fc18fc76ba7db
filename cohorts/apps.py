from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts and action learning sets"

    def ready(self) -> None:
        # Registers this app's demo seeder with portal's seed_demo, and its meetings and
        # actions sections with portal's digest (portal imports no app).
        from cohorts import demo, digest  # noqa: F401
