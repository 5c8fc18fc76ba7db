"""The portal's URLs plus one benchmark-only view that does almost nothing."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """The baseline: the same middleware as every page, but no query and no template."""
    return HttpResponse("<!DOCTYPE html><title>ok</title><p>ok</p>")


urlpatterns = [path("bench/trivial/", trivial), *portal_urlpatterns]
