from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        # The digest's own insights page registers like the apps' pages do.
        # Sessions' idle and absolute limits start their clocks when someone signs in.
        from portal import session_limits
        from portal.digest import insights  # noqa: F401

        # Portal's own tables in the data export, registered before the apps' so the
        # profile comes first.
        from portal.personal_data import portal_data  # noqa: F401

        session_limits.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site (two-factor for staff, allauth sign-in)."""

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
