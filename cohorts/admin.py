"""Cohorts and sets in the admin.

Confidentiality: a set shows its membership and dates only. Presentations, actions,
notes and meeting attendance are not registered, and the set's inlines list no field
that could carry them. A staff facilitator sees only the cohorts and sets she
facilitates herself, and cannot make herself the facilitator of another: who
facilitates is a superuser's decision, since it opens a set's content.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from cohorts import services
from cohorts.communities import services as communities
from cohorts.models import (
    SET_CAPACITY,
    ActionLearningSet,
    Cohort,
    JoinRequest,
    Meeting,
    Membership,
    Session,
    SetMembership,
)
from portal.admin_site import HttpsLinks, ScopedAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "joined_at"]


class SessionInline(HttpsLinks, admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "duration_minutes", "place", "online_link", "topic"]


@admin.register(Cohort)
class CohortAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "hub", "start_date", "end_date", "join_mode"]
    list_filter = ["join_mode", "hub"]
    search_fields = ["name"]
    autocomplete_fields = ["facilitators"]
    raw_id_fields = ["offer"]
    superuser_only_fields = ("facilitators", "hub")
    inlines = [MembershipInline, SessionInline]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.facilitated_by(person)

    def save_model(self, request: HttpRequest, obj: Cohort, form, change: bool) -> None:
        if not change and not request.user.is_superuser:
            obj.hub_id = request.user.hub_id
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Whoever adds a cohort facilitates it, or she could not open it again.
        if not change and not request.user.is_superuser:
            form.instance.facilitators.add(request.user)
        # Members and facilitators may have changed: the cohort's community follows.
        communities.community_for_cohort(cohort=form.instance)


@admin.register(JoinRequest)
class JoinRequestAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["person", "cohort", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["person", "cohort", "message", "created_at", "decided_at"]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.filter(cohort__in=Cohort.objects.facilitated_by(person))


class SeatFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) > SET_CAPACITY:
            raise ValidationError(
                f"A set can have at most {SET_CAPACITY} members: remove someone first."
            )


class SetMembershipInline(admin.TabularInline):
    model = SetMembership
    formset = SeatFormSet
    extra = 0
    max_num = SET_CAPACITY
    autocomplete_fields = ["person"]
    fields = ["person", "joined_at", "agreed_at"]
    # The day she joined decides which meetings she may read: never typed in.
    readonly_fields = ["joined_at", "agreed_at"]


class MeetingDatesInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["starts_at"]
    readonly_fields = ["starts_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActionLearningSet)
class ActionLearningSetAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "cohort", "facilitator", "created_at"]
    search_fields = ["name"]
    autocomplete_fields = ["facilitator"]
    fields = ["name", "cohort", "facilitator", "minimum", "created_at"]
    readonly_fields = ["created_at"]
    superuser_only_fields = ("facilitator",)
    inlines = [SetMembershipInline, MeetingDatesInline]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.facilitated_by(person)

    def save_model(self, request: HttpRequest, obj: ActionLearningSet, form, change: bool) -> None:
        if not change and not request.user.is_superuser:
            obj.facilitator = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not SetMembership:
            return super().save_formset(request, form, formset, change)
        # Places go through the services, so the admin keeps the rules the site keeps:
        # only the cohort's members, one set each, eight at most.
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            services.set_member_remove(membership=removed)
        for membership in instances:
            if membership.pk:
                messages.error(
                    request,
                    "To give a place to someone else, remove the member and add the other person.",
                )
                continue
            try:
                services.set_member_add(learning_set=form.instance, person=membership.person)
            except services.Refused as refusal:
                messages.error(request, refusal.message)


# Communities of practice register their own admin classes.
from cohorts.communities import admin as communities_admin  # noqa: E402, F401
