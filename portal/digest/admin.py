from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest

from portal.admin_site import ScopedAdmin
from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ScopedAdmin, admin.ModelAdmin):
    # Superusers only: the default scope shows nobody else a row.
    list_display = ["person", "period", "status", "attempts", "claimed_at", "sent_at", "error"]
    list_filter = ["status", "period"]
    search_fields = ["person__email", "period"]
    list_select_related = ["person"]
    date_hierarchy = "created_at"
    change_list_template = "digest/admin/change_list.html"
    readonly_fields = [f.name for f in DigestDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        rows = (
            DigestDelivery.objects.values("period", "status")
            .annotate(count=Count("pk"))
            .order_by("-period")
        )
        counts: dict[str, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row["period"], {})[row["status"]] = row["count"]
        statuses = list(DeliveryStatus)
        summary = [
            {"period": period, "counts": [by_status.get(s, 0) for s in statuses]}
            for period, by_status in list(counts.items())[:12]
        ]
        extra_context = {
            **(extra_context or {}),
            "digest_statuses": [s.label for s in statuses],
            "digest_summary": summary,
        }
        return super().changelist_view(request, extra_context)


@admin.register(DigestPreference)
class DigestPreferenceAdmin(ScopedAdmin, admin.ModelAdmin):
    list_display = ["person", "frequency", "day", "team_edition", "unsubscribed_at"]
    list_filter = ["frequency", "team_edition"]
    search_fields = ["person__email"]
    raw_id_fields = ["person"]
