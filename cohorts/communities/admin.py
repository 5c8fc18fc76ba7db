"""Communities in the admin: names, purposes, audiences, hosts and proposals to approve.

No post is registered: conversations are moderated on the site, where the rules for
reading them hold. A private community appears only to its own hosts (and superusers);
staff see their own hub's open and restricted communities, and approve proposals made
to their hub.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cohorts.communities import services
from cohorts.communities.models import Community, CommunityMembership, CommunityStatus
from portal.admin_site import ScopedAdmin
from portal.lib.refused import Refused


class CommunityMembershipInline(admin.TabularInline):
    model = CommunityMembership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Community)
class CommunityAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "visibility", "status", "hub"]
    list_filter = ["status", "visibility"]
    search_fields = ["name"]
    fields = [
        "name",
        "purpose",
        "visibility",
        "professions",
        "career_levels",
        "icbs",
        "region",
        "hub",
        "status",
        "cohort",
        "proposed_by",
        "created_at",
    ]
    filter_horizontal = ["professions", "career_levels", "icbs"]
    readonly_fields = ["status", "cohort", "proposed_by", "created_at"]
    superuser_only_fields = ("hub",)
    inlines = [CommunityMembershipInline]
    actions = ["approve", "decline"]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.administered_by(person)

    def save_model(self, request: HttpRequest, obj: Community, form, change: bool) -> None:
        if not change and not request.user.is_superuser:
            obj.hub_id = request.user.hub_id
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Whoever starts a community hosts it, or she could not open it again.
        if not change:
            CommunityMembership.objects.get_or_create(
                community=form.instance, person=request.user, defaults={"role": "host"}
            )

    @admin.action(description="Approve the selected proposals")
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description="Decline the selected proposals")
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, approve=False)

    def _decide(self, request: HttpRequest, queryset: QuerySet, *, approve: bool) -> None:
        done = 0
        for community in queryset.filter(status=CommunityStatus.PROPOSED):
            try:
                services.community_decide(community=community, by=request.user, approve=approve)
                done += 1
            except Refused as exc:
                messages.error(request, f"{community.name}: {exc.message}")
        if done:
            messages.success(request, f"{done} proposal{'s' if done != 1 else ''} decided.")
