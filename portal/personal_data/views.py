from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.personal_data import registry


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What the portal holds about you, and the two things you can do about it."""
    context = {
        "sections": [exporter.title for exporter in registry.exporters()],
        "latest_export": request.user.data_exports.first(),
    }
    return render(request, "personal_data/overview.html", context)
