"""The admin site: signs in through allauth (rate-limited) and asks staff for two-factor."""

from functools import wraps

from allauth.account.decorators import secure_admin_login
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect
from import_export.formats.base_formats import CSV, XLSX

from portal.lib.csv import safe_cell, unguard_cell


def staff_needs_two_factor(person) -> bool:
    if settings.DEMO_RELAX_STAFF_MFA:
        return False
    return person.is_active and person.is_staff and not is_mfa_enabled(person)


class SafeCells:
    """An import-export format whose exported cells a spreadsheet never runs.

    django-import-export's own escaping (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) only
    drops a leading "="; this applies the portal's one rule (portal/lib/csv.py), and
    takes the guarding apostrophe off again when the same file is imported, so that a
    description starting "- " survives an export and re-import unchanged.
    """

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        for index, row in enumerate(list(dataset)):
            dataset[index] = tuple(unguard_cell(cell) for cell in row)
        return dataset

    def export_data(self, dataset, **kwargs):
        for index, row in enumerate(list(dataset)):
            dataset[index] = tuple(
                safe_cell(cell) if isinstance(cell, str) else cell for cell in row
            )
        return super().export_data(dataset, **kwargs)


class SafeCSV(SafeCells, CSV):
    pass


class SafeXLSX(SafeCells, XLSX):
    pass


class HttpsLinks:
    """Links typed without a scheme are taken as https (Django 6's default), in any admin form."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ScopedAdmin(HttpsLinks):
    """The one base of every admin class a non-superuser can open.

    A class states its rule once, as `scope` (the rows a person may see) and, where
    it is narrower, `changeable` (the rows she may change or delete); both should call
    a queryset method named for the rule, such as `Offer.objects.curated_by`. This
    mixin then applies the rule to the changelist, change, delete, actions,
    autocomplete and export (all of which read `get_queryset`), to the permission
    checks for one object, and to django-simple-history's history pages.
    Superusers see everything.

    `superuser_only_fields` are fields that widen what someone may reach (a hub's
    ICBs, an organisation's kind, a set's facilitator): read-only for everyone else.
    History never saves: reverting would skip the checks the services make.
    """

    superuser_only_fields: tuple[str, ...] = ()

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        """The rows a non-superuser may see: none unless a class says otherwise."""
        return queryset.none()

    def changeable(self, queryset: QuerySet, person) -> QuerySet:
        return self.scope(queryset, person)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self.scope(queryset, request.user)

    def _allows(self, request: HttpRequest, obj, rule) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        # One query per object and rule, however often the admin asks in one request.
        answers = request.__dict__.setdefault("_scoped_admin_answers", {})
        key = (self.model, rule.__name__, obj.pk)
        if key not in answers:
            rows = rule(self.model._default_manager.all(), request.user)
            answers[key] = obj.pk is not None and rows.filter(pk=obj.pk).exists()
        return answers[key]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self._allows(request, obj, self.scope)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._allows(
            request, obj, self.changeable
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._allows(
            request, obj, self.changeable
        )

    # A choice of a related row offers only the rows the person may open in the admin
    # (a set's cohort among her own cohorts, an intake's offer among her hub's).
    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        self._limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit_choices(self, db_field, request: HttpRequest, kwargs: dict) -> None:
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if "queryset" not in kwargs and isinstance(related, ScopedAdmin):
            kwargs["queryset"] = related.get_queryset(request)

    # django-import-export asks these; without them any staff member may import.
    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + [name for name in self.superuser_only_fields if name not in fields]

    # django-simple-history: its pages look the object up themselves, and its history
    # form saves on POST. Both answer only for rows in scope, and nothing saves.
    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        self._history_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        self._history_in_scope(request, object_id)
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _history_in_scope(self, request: HttpRequest, object_id) -> None:
        if request.user.is_superuser:
            return
        # get_object reads through get_queryset, so it finds rows in scope only.
        if self.get_object(request, unquote(object_id)) is None:
            raise PermissionDenied


class ReferenceDataAdmin(ScopedAdmin):
    """National reference data (professions, ICBs, pathways): staff read, superusers change."""

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset

    def changeable(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.none()

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_superuser and super().has_add_permission(request, *args)


class PortalAdminSite(admin.AdminSite):
    site_header = "PCN Leadership Portal administration"
    site_title = "Portal admin"
    index_title = "Curate the portal"

    def login(self, request: HttpRequest, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not staff_needs_two_factor(request.user)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            if request.user.is_authenticated and staff_needs_two_factor(request.user):
                messages.info(
                    request,
                    "Set up two-factor authentication to use the admin. "
                    "It keeps the catalogue and people's details safe.",
                )
                return redirect("mfa_activate_totp")
            return inner(request, *args, **kwargs)

        return guarded
