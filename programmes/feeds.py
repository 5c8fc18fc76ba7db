"""An Atom feed of newly published offers, filtered by the catalogue's own query string,
so a training hub's website can show, say, funded offers for nurses in its ICB."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from programmes import catalogue
from programmes.forms import CatalogueFilterForm, Reference
from programmes.models import Offer

FEED_SIZE = 50


class NewOffersFeed(Feed):
    feed_type = Atom1Feed
    description_template = "programmes/feed_item.html"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        reference = Reference.load()
        form = CatalogueFilterForm(request.GET, reference=reference)
        filters = form.filters()
        if form.errors:
            # A feed reader shows no page to explain on, so say plainly what to fix.
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            return HttpResponseBadRequest(
                f"This feed address has a filter we cannot use ({problems}).",
                content_type="text/plain; charset=utf-8",
            )
        self.query = request.GET.urlencode()
        self.filters, self.reference = filters, reference
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"New development offers from {settings.SITE_NAME}"

    def subtitle(self) -> str:
        return "Leadership development offers for primary care, newest first."

    def link(self) -> str:
        base = reverse("programmes:catalogue")
        return f"{base}?{self.query}" if self.query else base

    def feed_url(self) -> str:
        base = reverse("programmes:feed")
        return f"{base}?{self.query}" if self.query else base

    def items(self):
        offers = catalogue.filter_offers(Offer.objects.published(), self.filters, self.reference)
        return offers.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, offer: Offer) -> str:
        return offer.title

    def item_link(self, offer: Offer) -> str:
        return offer.get_absolute_url()

    def item_pubdate(self, offer: Offer):
        return offer.published_at

    def item_updateddate(self, offer: Offer):
        return offer.updated_at

    def item_author_name(self, offer: Offer) -> str:
        return offer.provider
