"""People, organisations and national reference data in the admin.

Hub staff read the reference data and the people working in their hub's ICBs; they
add and change only practices and PCNs in those ICBs. Nobody but a superuser changes
a person, a training hub's ICBs, or makes an organisation a training hub: those decide
what a hub's staff may reach.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.admin_site import ReferenceDataAdmin, ScopedAdmin
from portal.models import (
    ICB,
    CareerLevel,
    LeadershipDimension,
    Organisation,
    OrganisationKind,
    Person,
    Profession,
    Region,
)


@admin.register(Person)
class PersonAdmin(ScopedAdmin, UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "profession", "organisation", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "profession", "groups", "organisation__icb__region"]
    list_select_related = ["profession", "organisation"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "profession", "career_level", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.in_reach_of(person)

    def changeable(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.none()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def get_list_filter(self, request: HttpRequest):
        # Groups say who is staff where: only superusers, who change them, filter by them.
        filters = super().get_list_filter(request)
        return filters if request.user.is_superuser else [f for f in filters if f != "groups"]


@admin.register(Profession)
class ProfessionAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["name", "staff_group", "order"]
    list_filter = ["staff_group"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CareerLevel)
class CareerLevelAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["name", "order", "description"]


@admin.register(LeadershipDimension)
class LeadershipDimensionAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["name", "order", "summary"]


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["name", "ods_code"]


@admin.register(ICB)
class ICBAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["short_name", "ods_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "ods_code"]


# What hub staff may make an organisation: never a training hub or an ICB body.
STAFF_KINDS = [OrganisationKind.PRACTICE, OrganisationKind.PCN]


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code", "icb", "pcn"]
    list_filter = ["kind", "icb__region", "icb"]
    list_select_related = ["icb", "pcn"]
    search_fields = ["name", "ods_code"]
    autocomplete_fields = ["pcn"]
    filter_horizontal = ["serves_icbs"]
    superuser_only_fields = ("serves_icbs",)

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        # Organisations and their ODS codes are public; staff pick them in forms.
        return queryset

    def changeable(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.curated_by(person)

    def formfield_for_choice_field(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "kind" and not request.user.is_superuser:
            kwargs["choices"] = [(kind.value, kind.label) for kind in STAFF_KINDS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "icb" and not request.user.is_superuser:
            kwargs["queryset"] = ICB.objects.in_reach_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# The digest's admin lives in its own package; admin autodiscovery looks here only.
from portal.digest import admin as digest_admin  # noqa: E402, F401
