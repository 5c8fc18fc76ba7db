import logging

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health, services
from portal.forms import ProfileForm
from portal.lib.refused import Refused
from portal.plan import selectors as plan_selectors

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    # Her plan, gathered from the parts each app registers (portal/plan/registry.py).
    plan = plan_selectors.plan_for(request.user)
    context = {
        "plan": plan,
        "person": plan.person,
        "two_factor_enabled": is_mfa_enabled(plan.person),
        "calendar_url": (
            request.build_absolute_uri(plan.calendar.get_absolute_url()) if plan.calendar else ""
        ),
    }
    return render(request, "portal/plan.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                person=request.user,
                full_name=data["full_name"],
                profession=data["profession"],
                career_level=data["career_level"],
                organisation=data["organisation"],
                held_roles=data["held_roles"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect("profile")
    return render(request, "portal/profile.html", {"form": form})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = health.database_status(connection)
    broker = health.broker_status(settings.CELERY_BROKER_URL)
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database, "broker": broker}, status=status)


def page(template: str):
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    return view


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors beyond the basics: the error may have come from one of them.
    return render(request, "500.html", status=500)
