from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.models import (
    ICB,
    CareerLevel,
    LeadershipDimension,
    Organisation,
    Person,
    Profession,
    Region,
)


@admin.register(Person)
class PersonAdmin(UserAdmin):
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


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["name", "staff_group", "order"]
    list_filter = ["staff_group"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CareerLevel)
class CareerLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "description"]


@admin.register(LeadershipDimension)
class LeadershipDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "summary"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code"]


@admin.register(ICB)
class ICBAdmin(admin.ModelAdmin):
    list_display = ["short_name", "ods_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "ods_code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code", "icb", "pcn"]
    list_filter = ["kind", "icb__region", "icb"]
    list_select_related = ["icb", "pcn"]
    search_fields = ["name", "ods_code"]
    autocomplete_fields = ["pcn"]
    filter_horizontal = ["serves_icbs"]


# The digest's admin lives in its own package; admin autodiscovery looks here only.
from portal.digest import admin as digest_admin  # noqa: E402, F401
