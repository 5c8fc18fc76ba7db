"""Erasing your own account: confirm, prove it is you, and it is done at once."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from portal.personal_data import erasure
from portal.personal_data.forms import ErasureForm

# Set in the new, empty session after signing the person out, so that only the
# browser that erased an account is told it was erased.
ERASED_FLAG = "personal_data_erased"


def erasable_account_required(view: Callable) -> Callable:
    """Staff and superusers are shown why they cannot erase here; a POST is refused."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if erasure.can_erase(request.user):
            return view(request, *args, **kwargs)
        return render(
            request,
            "personal_data/erase_refused.html",
            {"refusal": erasure.STAFF_REFUSAL},
            status=403 if request.method == "POST" else 200,
        )

    return wrapped


@login_required
@erasable_account_required
@never_cache
def erase(request: HttpRequest) -> HttpResponse:
    person = request.user
    form = ErasureForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            erased_now = erasure.person_erase(person)
        except erasure.ErasureRefused as refused:  # made staff since the page loaded
            return render(
                request,
                "personal_data/erase_refused.html",
                {"refusal": refused.message},
                status=403,
            )
        logout(request)
        request.session[ERASED_FLAG] = "now" if erased_now else "already"
        return redirect("personal_data:erased")
    return render(request, "personal_data/erase.html", {"form": form})


@never_cache
def erased(request: HttpRequest) -> HttpResponse:
    when = request.session.pop(ERASED_FLAG, None)
    if when is None:
        return redirect("home")
    return render(request, "personal_data/erased.html", {"already": when == "already"})
