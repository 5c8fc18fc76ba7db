"""Cohorts and sets in the admin.

Confidentiality: a set shows its membership and dates only. Presentations, actions,
notes and meeting attendance are not registered, and the set's inlines list no field
that could carry them.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

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
from portal.admin_site import HttpsLinks


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
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "hub", "start_date", "end_date", "join_mode"]
    list_filter = ["join_mode", "hub"]
    search_fields = ["name"]
    autocomplete_fields = ["facilitators"]
    raw_id_fields = ["offer"]
    inlines = [MembershipInline, SessionInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "cohort", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["person", "cohort", "message", "created_at", "decided_at"]


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
    readonly_fields = ["agreed_at"]


class MeetingDatesInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["starts_at"]
    readonly_fields = ["starts_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ActionLearningSet)
class ActionLearningSetAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "facilitator", "created_at"]
    search_fields = ["name"]
    autocomplete_fields = ["facilitator"]
    fields = ["name", "cohort", "facilitator", "minimum", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [SetMembershipInline, MeetingDatesInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not SetMembership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            removed.delete()
        taken = set(SetMembership.objects.filter(set=form.instance).values_list("seat", flat=True))
        free = iter(sorted(set(range(1, SET_CAPACITY + 1)) - taken))
        for membership in instances:
            if not membership.seat:
                membership.seat = next(free)
            membership.save()
        formset.save_m2m()
