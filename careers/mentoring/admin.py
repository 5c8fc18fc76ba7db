"""Rounds are set up in the admin; matching itself runs from the round's page.

Requests and offers are listed so a co-ordinator can see who is waiting in her hub's
area; meeting notes and relationships are private to the pair and are not in the
admin at all.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from careers.mentoring.models import MatchingRound, SupportOffer, SupportRequest
from portal.admin_site import ScopedAdmin
from portal.models import Organisation


@admin.register(MatchingRound)
class MatchingRoundAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "hub", "icb", "standing", "status", "last_run_at", "confirmed_at"]
    list_filter = ["status", "standing"]
    readonly_fields = ["status", "last_run_at", "confirmed_at"]
    superuser_only_fields = ("hub", "icb")

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.coordinated_by(person)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "hub":
            kwargs["queryset"] = Organisation.objects.training_hubs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: MatchingRound, form, change: bool) -> None:
        # A co-ordinator's new round belongs to her own hub.
        if not change and not request.user.is_superuser:
            obj.hub_id = request.user.organisation_id
        super().save_model(request, obj, form, change)


@admin.register(SupportOffer)
class SupportOfferAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["person", "kind", "capacity", "professions", "paused"]
    list_filter = ["kind", "paused"]
    list_select_related = ["person"]
    search_fields = ["person__full_name"]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.in_reach_of(person)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Offers and requests change through their people's own pages only.
        return False


@admin.register(SupportRequest)
class SupportRequestAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["seeker", "kind", "round", "status", "unmatched_reason", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["seeker", "round"]
    exclude = ["goals", "exclusions"]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.filter(round__in=MatchingRound.objects.coordinated_by(person))

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Offers and requests change through their people's own pages only.
        return False
