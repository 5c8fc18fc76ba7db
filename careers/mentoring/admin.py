"""Rounds are set up in the admin; matching itself runs from the round's page.

Requests and offers are listed so a co-ordinator can see who is waiting; meeting
notes and relationships are private to the pair and are not in the admin at all.
"""

from django.contrib import admin
from django.http import HttpRequest

from careers.mentoring.models import MatchingRound, SupportOffer, SupportRequest
from portal.models import Organisation


def _is_own_round(request: HttpRequest):
    person = request.user
    if person.is_superuser:
        return {}
    return {"hub_id": person.organisation_id}


@admin.register(MatchingRound)
class MatchingRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "hub", "icb", "standing", "status", "last_run_at", "confirmed_at"]
    list_filter = ["status", "standing"]
    readonly_fields = ["status", "last_run_at", "confirmed_at"]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "hub":
            kwargs["queryset"] = Organisation.objects.training_hubs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(**_is_own_round(request))

    def save_model(self, request: HttpRequest, obj: MatchingRound, form, change: bool) -> None:
        # A co-ordinator's round belongs to their own hub whatever the form said.
        if not request.user.is_superuser:
            obj.hub_id = request.user.organisation_id
        super().save_model(request, obj, form, change)


@admin.register(SupportOffer)
class SupportOfferAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "capacity", "professions", "paused"]
    list_filter = ["kind", "paused"]
    list_select_related = ["person"]
    search_fields = ["person__full_name"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["seeker", "kind", "round", "status", "unmatched_reason", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["seeker", "round"]
    exclude = ["goals", "exclusions"]

    def get_queryset(self, request: HttpRequest):
        own = _is_own_round(request)
        rounds = {f"round__{key}": value for key, value in own.items()}
        return super().get_queryset(request).filter(**rounds)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
