"""The admin site: signs in through allauth (rate-limited) and asks staff for two-factor."""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest
from django.shortcuts import redirect


def staff_needs_two_factor(person) -> bool:
    if settings.DEMO_RELAX_STAFF_MFA:
        return False
    return person.is_active and person.is_staff and not is_mfa_enabled(person)


class HttpsLinks:
    """Links typed without a scheme are taken as https (Django 6's default), in any admin form."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PortalAdminSite(admin.AdminSite):
    site_header = "PCN Leadership Portal administration"
    site_title = "Portal admin"
    index_title = "Curate the portal"

    def login(self, request: HttpRequest, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not staff_needs_two_factor(request.user)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and staff_needs_two_factor(request.user):
                messages.info(
                    request,
                    "Set up two-factor authentication to use the admin. "
                    "It keeps the catalogue and people's details safe.",
                )
                return redirect("mfa_activate_totp")
            return inner(request, *args, **kwargs)

        return guarded
