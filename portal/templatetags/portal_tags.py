from django import template
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from portal.insights import access

register = template.Library()

# The header's sections. A section appears once its app provides the URL name, so the
# header never links to a page that does not exist yet.
SECTIONS = [
    ("Pathways", "careers:pathways"),
    ("Offers", "programmes:catalogue"),
    ("Cohorts", "cohorts:list"),
    ("Communities", "cohorts:communities"),
    ("Mentoring", "careers:mentoring"),
    ("Leadership roles", "careers:roles"),
]


@register.simple_tag(takes_context=True)
def navigation(context) -> list[dict]:
    request: HttpRequest | None = context.get("request")
    path = request.path if request else ""
    items = []
    for label, url_name in SECTIONS:
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "href": href, "current": path.startswith(href)})
    user = getattr(request, "user", None)
    if user is not None and access.may_see(user):
        href = reverse("insights:index")
        items.append({"label": "Insights", "href": href, "current": path.startswith(href)})
    return items
