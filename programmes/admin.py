"""Curating the catalogue in the admin.

Curators (staff in the "Training-hub curators" group whose organisation is their hub)
see and change only their own hub's offers, intakes and applications; superusers see
everything. Publishing goes through `services.offer_publish`, so the admin can never
publish an offer that leaves a standard question unanswered.
"""

from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_site import HttpsLinks, SafeCSV, SafeXLSX, ScopedAdmin
from portal.lib.csv import csv_response
from programmes import answers, services
from programmes.models import (
    FAQ,
    Application,
    ApplicationStatus,
    Intake,
    IntakeStatus,
    Offer,
    OfferStatus,
    today,
)
from programmes.resources import IntakeResource, OfferResource


class CuratedImportExport(ScopedAdmin, ImportExportModelAdmin):
    """Import and export limited to CSV and XLSX, all or nothing, as the person importing."""

    import_formats = [SafeCSV, SafeXLSX]
    export_formats = [SafeCSV, SafeXLSX]
    import_template_name = "programmes/admin/import.html"

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # Roll the whole file back if any row is invalid, even on the confirmed run.
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                "Nothing was imported: the file had problems when it was saved "
                "(someone may have changed the same offers). Upload it again to see them.",
            )
            info = self.get_model_info()
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)


# ---------------------------------------------------------------------------
# Offers
# ---------------------------------------------------------------------------
class StaleFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("stale", "Stale: past its review-by date"),
            ("soon", "Due for review within 30 days"),
            ("unset", "No review-by date"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "stale":
                return queryset.stale()
            case "soon":
                soon = today() + datetime.timedelta(days=30)
                return queryset.filter(review_by__gte=today(), review_by__lte=soon)
            case "unset":
                return queryset.filter(review_by__isnull=True)
        return queryset


class IntakeInline(HttpsLinks, admin.TabularInline):
    model = Intake
    extra = 0
    fields = [
        "start_date",
        "end_date",
        "application_deadline",
        "places",
        "places_taken",
        "location",
        "online_link",
        "notes",
    ]
    readonly_fields = ["places_taken"]
    show_change_link = True


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ["topic", "question", "answer", "order"]


@admin.register(Offer)
class OfferAdmin(CuratedImportExport, SimpleHistoryAdmin):
    resource_classes = [OfferResource]
    change_form_template = "programmes/admin/offer_change_form.html"
    list_display = [
        "title",
        "kind",
        "status",
        "hub",
        "completeness",
        "review_by",
        "is_stale",
        "published_at",
    ]
    list_filter = ["status", StaleFilter, "kind", "funding", "delivery_mode", "national"]
    list_select_related = ["hub"]
    search_fields = ["title", "summary", "provider", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["professions", "career_levels", "dimensions", "regions", "icbs"]
    readonly_fields = ["status", "published_at", "completeness"]
    superuser_only_fields = ("hub",)
    inlines = [IntakeInline, FAQInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "kind"]}),
        ("Provider and curation", {"fields": ["provider", "provider_url", "hub", "review_by"]}),
        (
            "Who it is for",
            {
                "fields": [
                    "all_professions",
                    "professions",
                    "career_levels",
                    "dimensions",
                    "eligibility",
                    "nomination_route",
                ]
            },
        ),
        ("Where", {"fields": ["national", "regions", "icbs", "delivery_mode", "location"]}),
        (
            "Time",
            {
                "fields": [
                    "total_hours",
                    "duration_weeks",
                    "session_count",
                    "session_hours",
                    "session_name",
                    "self_study_hours_per_week",
                    "protected_time_expected",
                    "time_agreement_required",
                ]
            },
        ),
        (
            "Money",
            {"fields": ["fee", "funding", "funding_source", "backfill_paid", "backfill_rate"]},
        ),
        (
            "Outcomes",
            {
                "fields": [
                    "cpd_hours",
                    "academic_credits",
                    "academic_level",
                    "awarding_body",
                    "certificate",
                    "benefits",
                ]
            },
        ),
        ("Status", {"fields": ["status", "published_at", "completeness"]}),
    ]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.curated_by(person)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("faqs", "professions")

    def get_export_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_export_queryset(request)
            .select_related("hub")
            .prefetch_related("professions", "career_levels", "dimensions", "regions", "icbs")
        )

    def get_list_filter(self, request: HttpRequest):
        filters = list(super().get_list_filter(request))
        return [*filters, "hub"] if request.user.is_superuser else filters

    def save_model(self, request, obj: Offer, form, change: bool) -> None:
        if not change and not request.user.is_superuser:
            obj.hub_id = request.user.hub_id
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        offer = form.instance
        services.offer_search_refresh(offers=[offer])
        # Its intakes are edited inline on the same page.
        services.offer_intakes_changed(offers=[offer])
        if offer.status == OfferStatus.PUBLISHED:
            missing = answers.missing_answers(Offer.objects.get(pk=offer.pk))
            if missing:
                names = ", ".join(answers.QUESTIONS[topic] for topic in missing)
                messages.warning(
                    request,
                    f"“{offer.title}” is published but no longer answers: {names}. "
                    "Answer them so people can decide.",
                )

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            self._publish_one(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_publish" in request.POST:
            self._publish_one(request, obj)
            return HttpResponseRedirect(reverse("admin:programmes_offer_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def _publish_one(self, request, offer: Offer) -> bool:
        try:
            services.offer_publish(offer=offer)
        except services.PublishRefused as refusal:
            messages.error(request, refusal.message)
            return False
        messages.success(request, f"“{offer.title}” is published.")
        return True

    @admin.action(description="Publish the selected offers", permissions=["change"])
    def publish(self, request, queryset):
        published = sum(self._publish_quietly(request, offer) for offer in queryset)
        if published:
            messages.success(request, f"Published {published} offer{'s' if published > 1 else ''}.")

    def _publish_quietly(self, request, offer: Offer) -> bool:
        try:
            services.offer_publish(offer=offer)
        except services.PublishRefused as refusal:
            messages.error(request, refusal.message)
            return False
        return True

    @admin.action(description="Archive the selected offers", permissions=["change"])
    def archive(self, request, queryset):
        count = 0
        for offer in queryset:
            services.offer_archive(offer=offer)
            count += 1
        messages.success(request, f"Archived {count} offer{'s' if count != 1 else ''}.")

    @admin.display(description="Standard questions answered")
    def completeness(self, offer: Offer) -> str:
        if offer.pk is None:
            return "Save the offer to see which standard questions it answers."
        answered, total = answers.completeness(offer)
        missing = answers.missing_answers(offer)
        if not missing:
            return f"{answered} of {total}"
        names = ", ".join(answers.QUESTIONS[topic] for topic in missing)
        return f"{answered} of {total} (missing: {names})"

    @admin.display(description="Stale", boolean=True)
    def is_stale(self, offer: Offer) -> bool:
        return offer.is_stale


# ---------------------------------------------------------------------------
# Intakes
# ---------------------------------------------------------------------------
@admin.register(Intake)
class IntakeAdmin(CuratedImportExport, SimpleHistoryAdmin):
    resource_classes = [IntakeResource]
    list_display = [
        "offer",
        "start_date",
        "application_deadline",
        "places",
        "places_taken",
        "status",
        "applications_link",
    ]
    list_filter = ["start_date"]
    list_select_related = ["offer"]
    search_fields = ["offer__title", "offer__slug", "location"]
    date_hierarchy = "start_date"
    readonly_fields = ["places_taken"]
    autocomplete_fields = []

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.curated_by(person)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(application_count=Count("applications"))

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # Moved to another offer: both offers' stored dates change.
        was = form.initial.get("offer") if change else None
        services.offer_intakes_changed(ids=[obj.offer_id, *([was] if was else [])])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        services.offer_intakes_changed(ids=[obj.offer_id])

    def delete_queryset(self, request, queryset) -> None:
        offer_ids = list(queryset.values_list("offer_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.offer_intakes_changed(ids=offer_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "offer":
            kwargs["queryset"] = Offer.objects.curated_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Status")
    def status(self, intake: Intake) -> str:
        return IntakeStatus(intake.status).label

    @admin.display(description="Applications")
    def applications_link(self, intake: Intake) -> str:
        url = reverse("admin:programmes_application_changelist") + f"?intake__id__exact={intake.pk}"
        count = getattr(intake, "application_count", 0)
        return format_html('<a href="{}">{} (see who)</a>', url, count)


# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
def _move_to(status: str, label: str):
    @admin.action(description=f"Mark the selected applications as {label}", permissions=["change"])
    def action(modeladmin, request, queryset):
        moved = 0
        for application in queryset:
            try:
                services.application_set_status(application=application, status=status)
            except services.Refused as refusal:
                messages.error(request, f"{application.person}: {refusal.message}")
            else:
                moved += 1
        if moved:
            messages.success(
                request, f"Marked {moved} application{'s' if moved != 1 else ''} as {label}."
            )

    action.__name__ = f"mark_{status}"
    return action


class ProtectedTimeFilter(admin.ChoicesFieldListFilter):
    """Waiting, agreed or declined; titled apart from the application's own status."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = "protected time"


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "person_name",
        "person_email",
        "profession",
        "workplace",
        "offer",
        "intake",
        "status",
        "protected_time",
        "status_changed_at",
    ]
    list_filter = [
        "status",
        ("time_agreement__status", ProtectedTimeFilter),
        ("offer", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["person__full_name", "person__email", "offer__title"]
    list_select_related = [
        "person__profession",
        "person__organisation",
        "offer",
        "intake__offer",
        "time_agreement",
    ]
    readonly_fields = ["person", "offer", "intake", "status", "created_at", "status_changed_at"]
    actions = [
        _move_to(ApplicationStatus.ACCEPTED, "accepted"),
        _move_to(ApplicationStatus.DECLINED, "declined"),
        _move_to(ApplicationStatus.COMPLETED, "completed"),
        _move_to(ApplicationStatus.WITHDRAWN, "withdrawn"),
        "export_csv",
    ]

    def scope(self, queryset: QuerySet, person) -> QuerySet:
        return queryset.curated_by(person)

    def get_list_filter(self, request):
        # Reached from an intake's "see who" link, the changelist filters by intake id.
        return [*self.list_filter, ("intake", admin.RelatedOnlyFieldListFilter)]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Name", ordering="person__full_name")
    def person_name(self, application: Application) -> str:
        return application.person.full_name

    @admin.display(description="Email", ordering="person__email")
    def person_email(self, application: Application) -> str:
        return application.person.email

    @admin.display(description="Profession")
    def profession(self, application: Application) -> str:
        return str(application.person.profession or "")

    @admin.display(description="Works at")
    def workplace(self, application: Application) -> str:
        return str(application.person.organisation or "")

    @admin.display(description="Protected time")
    def protected_time(self, application: Application) -> str:
        return _time_state(application)

    @admin.action(description="Export the selected applications as CSV", permissions=["view"])
    def export_csv(self, request, queryset) -> HttpResponse:
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        header = ["name", "email", "profession", "works at", "offer", "intake starts"]
        rows = (
            [
                application.person.full_name,
                application.person.email,
                application.person.profession or "",
                application.person.organisation or "",
                application.offer.title,
                application.intake.start_date.isoformat() if application.intake else "",
                application.get_status_display(),
                timezone.localtime(application.status_changed_at).strftime("%Y-%m-%d %H:%M"),
                _time_state(application),
            ]
            for application in queryset.select_related(*self.list_select_related)
        )
        return csv_response(
            f"applications-{stamp}.csv", [*header, "status", "updated", "protected time"], rows
        )


def _time_state(application: Application) -> str:
    """ "Time agreed by … on …", "Waiting for …", or "Not asked" for the list and the CSV."""
    agreement = getattr(application, "time_agreement", None)
    return agreement.state if agreement else "Not asked"
