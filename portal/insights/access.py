"""Who may see insights, and over which area.

Training-hub staff see the ICBs their hub serves, together or one at a time;
superusers choose any ICB, any region or all England. Everyone else is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from portal.insights.scope import ENGLAND, Scope
from portal.models import ICB, OrganisationKind, Person, Region

HUB = "hub"


def may_see(person: Person) -> bool:
    if not person.is_authenticated or not person.is_active:
        return False
    if person.is_superuser:
        return True
    if not person.is_staff or not person.organisation_id:
        return False
    return person.organisation.kind == OrganisationKind.TRAINING_HUB


def insights_staff_required(view: Callable) -> Callable:
    """Sign-in, then training-hub staff or superusers only."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_see(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def areas(person: Person) -> dict[str, Scope]:
    """The areas this person may choose, by the value the scope form sends."""
    if person.is_superuser:
        choices = {"england": ENGLAND}
        icbs = list(ICB.objects.select_related("region"))
        for region in Region.objects.all():
            ids = frozenset(icb.pk for icb in icbs if icb.region_id == region.pk)
            choices[f"region-{region.slug}"] = Scope(region.name, ids, region.slug)
        for icb in icbs:
            choices[f"icb-{icb.ods_code.lower()}"] = _icb_scope(icb)
        return choices
    hub = person.organisation
    icbs = list(hub.serves_icbs.all())
    names = [icb.short_name for icb in icbs]
    label = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    choices = {HUB: Scope(label, frozenset(icb.pk for icb in icbs), slugify(hub.name))}
    if len(icbs) > 1:
        choices.update({f"icb-{icb.ods_code.lower()}": _icb_scope(icb) for icb in icbs})
    return choices


def _icb_scope(icb: ICB) -> Scope:
    return Scope(icb.short_name, frozenset({icb.pk}), icb.slug)


def linked(choices: dict[str, Scope], scope: Scope) -> tuple[Scope, list[Scope]]:
    """The family `scope` adds up with among the areas offered: (the whole, its parts).

    A hub's curator may choose the hub and each of its ICBs, and the hub's figure is the
    sum of its ICBs': those are suppressed together. A superuser's choices (England,
    regions, ICBs) are not linked: superusers can read every record in the admin, so
    suppression protects nothing from them, and linking England to its regions would
    count all England twice per page. An area with no parts offered stands alone.
    """
    whole = choices.get(HUB)
    if whole is None or ENGLAND in choices.values():
        return scope, []
    parts = [s for key, s in choices.items() if key != HUB]
    if len(parts) < 2 or (scope != whole and scope not in parts):
        return scope, []
    return whole, parts


class AreaForm(forms.Form):
    """Which area the figures are for; sent in the address so a report can be shared."""

    area = forms.ChoiceField(
        label="Show figures for",
        error_messages={
            "invalid_choice": "Choose an area from the list: you can see only the areas "
            "your training hub serves",
        },
    )

    def __init__(self, data, *, choices: dict[str, Scope]):
        super().__init__(data)
        self.scopes = choices
        self.fields["area"].choices = [(value, scope.label) for value, scope in choices.items()]

    def scope(self) -> Scope:
        """The chosen area, or the first (the hub's, or England) when none is valid."""
        if self.is_bound and self.is_valid():
            return self.scopes[self.cleaned_data["area"]]
        return next(iter(self.scopes.values()))
