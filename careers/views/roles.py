"""Leadership roles: the list of open roles and one role's page, with interest shown."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from careers import selectors, services
from careers.forms import RoleInterestForm
from careers.roles import features_lacking
from careers.services import Refused


def role_list(request: HttpRequest) -> HttpResponse:
    roles, profession = selectors.open_roles(request.GET.get("profession", ""))
    return render(request, "careers/role_list.html", {"roles": roles, "profession": profession})


def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    role = selectors.role_published(pk=pk)
    form = RoleInterestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                services.role_interest_register(
                    role=role, person=request.user, message=form.cleaned_data["message"]
                )
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request, f"{role.posted_by.full_name} can now see that you are interested."
                )
            return redirect(role)
    page = selectors.role_page(role, request.user)
    gaps = role.design_gaps
    return render(
        request,
        "careers/role_detail.html",
        {
            "role": role,
            "gaps": gaps,
            "lacking": features_lacking(gaps),
            "form": form,
            "interest": page.interest,
            "is_poster": page.is_poster,
            "interests": page.interests,
            "closed": page.closed,
        },
    )
