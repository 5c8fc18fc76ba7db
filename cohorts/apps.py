from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts and action learning sets"

    def ready(self) -> None:
        # Registers this app's meetings and actions sections with portal's digest, its
        # part of the plan page, and its insights pages, data export and erasure steps
        # with portal (portal imports no app). Its demo loader is found by seed_demo.
        from cohorts import digest, erasure, insights, personal_data, plan  # noqa: F401
