"""The catalogue, an offer's page, comparison, saved offers and applications.

Views fetch through a selector named for its rule queryset
(``selectors.offer_visible_to``), call a service, and render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.lib.ics import ics_response
from portal.lib.paginate import paginate
from programmes import answers, caching, catalogue, ics, selectors, services
from programmes.forms import FILTER_KEYS, CatalogueFilterForm, Sort
from programmes.models import ApplicationStatus, Offer, OfferStatus

PAGE_SIZE = 20
COMPARE_LIMIT = 3


def _for_you(request: HttpRequest) -> dict[str, str]:
    """The filters of the "for you" view when it applies: signed in, no filters chosen."""
    if not request.user.is_authenticated or request.GET.get("scope") == "all":
        return {}
    if any(key in request.GET for key in FILTER_KEYS):
        return {}
    return catalogue.defaults_for(request.user)


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    for_you = _for_you(request)
    if for_you:
        # The person's own profession, stage and ICB are filters already: they go to
        # the query as they are, and to the form only to be shown.
        chosen = {**for_you, "sort": Sort.NEWEST}
    else:
        chosen = request.GET.copy()
        chosen.pop("scope", None)
        if not chosen.get("sort"):
            # Show the order the results are really in.
            chosen["sort"] = Sort.RELEVANCE if chosen.get("q") else Sort.NEWEST
    context = {
        "for_you": for_you,
        "feed_query": _encode_dict(for_you).urlencode() if for_you else _without_page(request),
    }
    cache_key = caching.key(
        "for-you" if for_you else "chosen",
        "&".join(sorted(_encode_dict(chosen).urlencode().split("&"))),
        request.GET.get("page", ""),
        # Page links carry scope=all, so lists with and without it differ.
        request.GET.get("scope", ""),
    )
    whole_page = caching.shareable(request)
    if whole_page and (response := caching.page_get(cache_key, request)):
        return response
    if cached := caching.get(cache_key):
        response = render(request, "programmes/offer_list.html", {**context, **cached})
        if whole_page:
            caching.page_put(cache_key, request, response)
        return response

    reference = caching.reference()
    if for_you:
        form = CatalogueFilterForm(initial=chosen, reference=reference)
        # A profession added since the reference data was read waits for the next read.
        filters = {
            name: value
            for name, value in chosen.items()
            if name == "sort" or value in reference.by_field[name]
        }
    else:
        form = CatalogueFilterForm(chosen, reference=reference)
        filters = form.filters()
    offers = catalogue.filter_offers(selectors.offers_published(), filters, reference)
    page = paginate(request, selectors.catalogue_results(offers, filters, PAGE_SIZE))
    if page.problem:
        messages.warning(request, page.problem)
    body = render_to_string(
        "programmes/includes/catalogue_body.html",
        {
            **context,
            "form": form,
            "fields": form.rendered_fields(),
            "page": page,
            "offers": page.object_list,
            "cards": selectors.offer_cards(page.object_list),
            "filtered": bool(filters.keys() - {"sort"}),
        },
        request=request,
    )
    entry = {"body": body, "page_number": page.number, "pages": page.paginator.num_pages}
    # The form goes to the layout too, for its error summary and "Error:" title.
    response = render(request, "programmes/offer_list.html", {**context, **entry, "form": form})
    if not (form.errors or page.problem):
        caching.put(cache_key, entry)
        if whole_page:
            caching.page_put(cache_key, request, response)
    return response


def _encode_dict(data: dict | QueryDict) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("scope", None)
    return query.urlencode()


@require_GET
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = selectors.offer_visible_to(request.user, slug=slug)
    yours = selectors.your_place(offer, request.user)
    intakes = list(offer.intakes.all())
    return render(
        request,
        "programmes/offer_detail.html",
        {
            "offer": offer,
            "intakes": intakes,
            "answers": answers.all_answers(offer),
            "application": yours.application,
            "saved": yours.saved,
            "is_preview": offer.status != OfferStatus.PUBLISHED,
        },
    )


def _published_offer(slug: str) -> Offer:
    return selectors.offer_published(slug=slug)


@login_required
@require_POST
def offer_save(request: HttpRequest, slug: str) -> HttpResponse:
    offer = _published_offer(slug)
    if request.POST.get("action") == "remove":
        services.saved_offer_remove(person=request.user, offer=offer)
        messages.success(request, f"“{offer.title}” is no longer in your saved offers.")
    else:
        services.saved_offer_add(person=request.user, offer=offer)
        messages.success(request, f"“{offer.title}” is in your saved offers.")
    return redirect(offer)


@login_required
@require_POST
def offer_interest(request: HttpRequest, slug: str) -> HttpResponse:
    offer = _published_offer(slug)
    try:
        services.application_create(
            person=request.user, offer=offer, status=ApplicationStatus.INTERESTED
        )
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, f"We have noted your interest in “{offer.title}”. The training hub can see it."
        )
    return redirect(offer)


@login_required
@require_POST
def offer_apply(request: HttpRequest, slug: str) -> HttpResponse:
    offer = _published_offer(slug)
    intake_id = request.POST.get("intake", "")
    intake = offer.intakes.filter(pk=intake_id).first() if intake_id.isdigit() else None
    if intake is None:
        messages.error(request, "Choose one of this offer's intakes to apply to.")
        return redirect(offer)
    try:
        application = services.application_create(person=request.user, offer=offer, intake=intake)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            f"You have applied for “{offer.title}”. "
            "The training hub will let you know the outcome.",
        )
        # Applying goes on to ask who agrees her protected time for it.
        return redirect("programmes:time_ask", pk=application.pk)
    return redirect(offer)


@require_GET
def intake_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    intake = selectors.intake_visible_to(request.user, offer_slug=slug, pk=pk)
    return ics_response(
        ics.calendar(intake, request), f"{intake.offer.slug}-{intake.start_date:%Y-%m-%d}.ics"
    )


@require_GET
def offer_compare(request: HttpRequest) -> HttpResponse:
    slugs = list(dict.fromkeys(s for s in request.GET.getlist("offer") if s))
    if len(slugs) > COMPARE_LIMIT:
        messages.warning(
            request,
            f"You can compare up to {COMPARE_LIMIT} offers at a time, so here are the first "
            f"{COMPARE_LIMIT} you chose.",
        )
        slugs = slugs[:COMPARE_LIMIT]
    offers = selectors.offers_to_compare(slugs)
    if len(offers) < len(slugs):
        messages.warning(
            request, "We could not find one of the offers you chose; it may have closed."
        )
    return render(request, "programmes/offer_compare.html", {"offers": offers})


@login_required
@require_GET
def saved_list(request: HttpRequest) -> HttpResponse:
    saved = selectors.saved_offers_of(request.user)
    return render(request, "programmes/saved_list.html", {"saved": saved})


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/application_list.html",
        {"applications": selectors.applications_for_person(request.user), "now": timezone.now()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "are you sure?" on a page of its own (no script needed); POST withdraws."""
    application = selectors.application_for_person(request.user, pk=pk)
    if request.method == "GET":
        if not application.can_withdraw:
            status = application.get_status_display().lower()
            messages.error(request, f"Your application is {status}: there is nothing to withdraw.")
            return redirect(reverse("programmes:applications"))
        return render(request, "programmes/application_withdraw.html", {"application": application})
    try:
        services.application_withdraw(application=application)
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"You have withdrawn from “{application.offer.title}”.")
    return redirect(reverse("programmes:applications"))
