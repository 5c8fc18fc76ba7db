"""Curating pathways and leadership roles in the admin, with change history.

People's own records (activities, self-assessments, 360 feedback) are deliberately not
registered: they are visible to their owner only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from careers.models import Pathway, Role, RoleInterest, Stage, StageExpectation
from careers.roles import features_lacking
from portal.admin_site import ReferenceDataAdmin, ScopedAdmin
from portal.models import Organisation


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    show_change_link = True
    fields = [
        "career_level",
        "title",
        "summary",
        "typical_roles",
        "entry_requirements",
        "pay_band",
        "next_steps",
    ]


@admin.register(Pathway)
class PathwayAdmin(ReferenceDataAdmin, SimpleHistoryAdmin):
    list_display = ["profession", "published", "stage_count", "updated_at"]
    list_filter = ["published", "profession__staff_group"]
    list_select_related = ["profession"]
    inlines = [StageInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(stage_total=Count("stages"))

    @admin.display(description="stages", ordering="stage_total")
    def stage_count(self, pathway: Pathway) -> int:
        return pathway.stage_total


class ExpectationInline(admin.TabularInline):
    model = StageExpectation
    extra = 0


@admin.register(Stage)
class StageAdmin(ReferenceDataAdmin, SimpleHistoryAdmin):
    list_display = ["title", "pathway", "career_level", "pay_band"]
    list_filter = ["career_level", "pathway__profession"]
    list_select_related = ["pathway__profession", "career_level"]
    inlines = [ExpectationInline]


class RoleInterestInline(admin.TabularInline):
    model = RoleInterest
    extra = 0
    fields = ["person", "message", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Role)
class RoleAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "host", "closing_date", "published", "design_summary"]
    list_filter = ["published"]
    list_select_related = ["host"]
    search_fields = ["title", "host__name"]
    autocomplete_fields = ["host"]
    filter_horizontal = ["professions"]
    readonly_fields = ["design_check"]
    inlines = [RoleInterestInline]
    fieldsets = [
        (None, {"fields": ["title", "host", "published", "closing_date", "design_check"]}),
        ("Purpose", {"fields": ["purpose"]}),
        ("Influence", {"fields": ["accountable_to", "decision_rights", "holds_budget"]}),
        ("Clarity", {"fields": ["aims", "milestones"]}),
        ("Autonomy", {"fields": ["autonomy"]}),
        ("Fairness", {"fields": ["sessions_per_week", "remuneration", "backfill"]}),
        ("Who it is for", {"fields": ["all_professions", "professions"]}),
    ]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.curated_by(person)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "host":
            kwargs["queryset"] = Organisation.objects.in_reach_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Role, form, change: bool) -> None:
        if not change:
            obj.posted_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="design check")
    def design_summary(self, role: Role) -> str:
        lacking = features_lacking(role.design_gaps)
        return f"Lacks {', '.join(lacking).lower()}" if lacking else "All five features"

    @admin.display(description="role-design check")
    def design_check(self, role: Role) -> str:
        if role.pk is None:
            return "Save the role to see which of the five features it lacks."
        gaps = role.design_gaps
        if not gaps:
            return "The description covers purpose, influence, clarity, autonomy and fairness."
        return format_html(
            "<p>You can publish with gaps, but people will see them:</p><ul>{}</ul>",
            format_html_join(
                "", "<li><strong>{}</strong>: {}</li>", ((g.feature, g.message) for g in gaps)
            ),
        )
