"""Taking a copy of your data: request it, watch it being prepared, download it.

Every export page is its owner's alone: anyone else, and any address that is not a
real export's, gets the same "not found" page, so an address tells nothing about
whether someone else's export exists.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.personal_data import export as services
from portal.personal_data import selectors
from portal.personal_data.models import DataExport, ExportStatus


def _own_export(request: HttpRequest, pk: str) -> DataExport | None:
    try:
        export_id = uuid.UUID(pk)
    except ValueError:
        return None
    return selectors.export_owned_by(request.user, pk=export_id)


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "personal_data/export_not_found.html", status=404)


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    requested = services.export_request(person=request.user)
    if requested.created:
        messages.success(request, requested.message)
    else:
        messages.info(request, requested.message)
    return redirect("personal_data:export", pk=requested.export.pk)


def _state(export: DataExport) -> dict:
    """What the page and the status JSON say about an export, in the same words."""
    now = timezone.now()
    if export.status == ExportStatus.READY and (
        services.is_expired(export, now) or not export.file
    ):
        state, text = "expired", "This copy of your data has expired and has been deleted."
    elif export.status == ExportStatus.READY:
        until = dateformat.format(timezone.localtime(export.expires_at), r"j F Y \a\t g:i a")
        state, text = "ready", f"Your copy is ready to download until {until}."
    elif export.status == ExportStatus.FAILED:
        state, text = "failed", "Sorry, we could not prepare your copy. Please ask for a new one."
    else:
        state = "waiting" if export.status == ExportStatus.QUEUED else "running"
        total = export.progress_total or len(services.sections())
        text = (
            f"Waiting to start: {export.progress_done} of {total} parts prepared."
            if state == "waiting"
            else f"Being prepared: {export.progress_done} of {total} parts prepared."
        )
    return {"state": state, "text": text}


@login_required
@require_GET
@never_cache
def export_detail(request: HttpRequest, pk: str) -> HttpResponse:
    export = _own_export(request, pk)
    if export is None:
        return _not_found(request)
    state = _state(export)
    status = 410 if state["state"] == "expired" else 200
    return render(
        request,
        "personal_data/export.html",
        {
            "export": export,
            "state": state["state"],
            "status_text": state["text"],
            "total": export.progress_total or len(services.sections()),
            "keep_hours": services.EXPORT_KEEP_HOURS,
        },
        status=status,
    )


@login_required
@require_GET
@never_cache
def export_status(request: HttpRequest, pk: str) -> HttpResponse:
    """The export's progress as JSON, for the page's script to announce."""
    export = _own_export(request, pk)
    if export is None:
        return JsonResponse({"error": "not found"}, status=404)
    state = _state(export)
    return JsonResponse(
        {
            **state,
            "done": export.progress_done,
            "total": export.progress_total or len(services.sections()),
            "download_url": (
                reverse("personal_data:export_download", kwargs={"pk": export.pk})
                if state["state"] == "ready"
                else None
            ),
        }
    )


@login_required
@require_GET
@never_cache
def export_download(request: HttpRequest, pk: str) -> HttpResponse:
    export = _own_export(request, pk)
    if export is None:
        return _not_found(request)
    if not services.is_downloadable(export):
        # Not ready yet, failed or expired: the export's page says which.
        return redirect("personal_data:export", pk=export.pk)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        # The file went before its time: its page says so, as for expiry.
        services.export_file_lost(export=export)
        return redirect("personal_data:export", pk=export.pk)
    services.export_downloaded(export=export)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=services.download_name(export),
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
